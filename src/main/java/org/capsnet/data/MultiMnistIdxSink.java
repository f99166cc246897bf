package org.capsnet.data;

import org.capsnet.io.StoragePath;

/**
 * Streams MultiMNIST records of one split into three gzip IDX files in {@code dir}:
 * {@code P-images-idx3-ubyte.gz} (N x H x W merged), {@code P-labels-idx2-ubyte.gz} (N x 2) and
 * {@code P-sources-idx4-ubyte.gz} (N x 2 x H x W), P = train or t10k. Each file is written atomically by its
 * {@link IdxWriter} and put under its name only by {@link #commit()}, so an interrupted run leaves no partial file
 * under a final name. {@code dir} may be a local path or a Hadoop URI.
 */
final class MultiMnistIdxSink implements MultiMnistGenerator.PairSink, AutoCloseable {
    private final IdxWriter images;
    private final IdxWriter labels;
    private final IdxWriter sources;
    private final byte[] labelRecord = new byte[2];
    private boolean done;

    MultiMnistIdxSink(StoragePath dir, Split split, int n, int height, int width) {
        IdxWriter im = null;
        IdxWriter lb = null;
        try {
            im = new IdxWriter(
                    dir.resolve(SplitFiles.name(split, "images", 3)),
                    new IdxHeader(IdxType.UBYTE, new int[] {n, height, width}));
            lb = new IdxWriter(
                    dir.resolve(SplitFiles.name(split, "labels", 2)), new IdxHeader(IdxType.UBYTE, new int[] {n, 2}));
            sources = new IdxWriter(
                    dir.resolve(SplitFiles.name(split, "sources", 4)),
                    new IdxHeader(IdxType.UBYTE, new int[] {n, 2, height, width}));
        } catch (RuntimeException e) {
            discard(im);
            discard(lb);
            throw e;
        }
        images = im;
        labels = lb;
    }

    @Override
    public void accept(PairSpec pair, int label1, int label2, byte[] merged, byte[] twoSources) {
        labelRecord[0] = (byte) label1;
        labelRecord[1] = (byte) label2;
        images.writeRecord(merged);
        labels.writeRecord(labelRecord);
        sources.writeRecord(twoSources);
    }

    /** Closes the writers (checking the counts), which puts the three files under their final names. */
    void commit() {
        images.close();
        labels.close();
        sources.close();
        done = true;
    }

    /** Without a successful {@link #commit()}: discards whatever was written. */
    @Override
    public void close() {
        if (!done) {
            done = true;
            discard(images);
            discard(labels);
            discard(sources);
        }
    }

    /** Closing a writer with fewer records than declared discards its file. */
    private static void discard(IdxWriter w) {
        if (w != null) {
            try {
                w.close();
            } catch (RuntimeException ignored) {
                // expected: the record count is short, so nothing was committed
            }
        }
    }
}
