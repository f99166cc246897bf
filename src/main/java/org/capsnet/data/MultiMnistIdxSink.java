package org.capsnet.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Streams MultiMNIST records of one split into three gzip IDX files in {@code dir}:
 * {@code P-images-idx3-ubyte.gz} (N x H x W merged), {@code P-labels-idx2-ubyte.gz} (N x 2) and
 * {@code P-sources-idx4-ubyte.gz} (N x 2 x H x W), P = train or t10k. Written under {@code .part} names and renamed
 * by {@link #commit()}, so an interrupted run leaves no file under a final name.
 */
final class MultiMnistIdxSink implements MultiMnistGenerator.PairSink, AutoCloseable {
    private final Path[] finals;
    private final Path[] parts;
    private final IdxWriter images;
    private final IdxWriter labels;
    private final IdxWriter sources;
    private final byte[] labelRecord = new byte[2];

    MultiMnistIdxSink(Path dir, Split split, int n, int height, int width) {
        finals = new Path[]{dir.resolve(SplitFiles.name(split, "images", 3)),
                dir.resolve(SplitFiles.name(split, "labels", 2)), dir.resolve(SplitFiles.name(split, "sources", 4))};
        parts = new Path[3];
        for (int i = 0; i < 3; i++) {
            parts[i] = finals[i].resolveSibling(finals[i].getFileName() + ".part");
        }
        images = new IdxWriter(parts[0], new IdxHeader(IdxType.UBYTE, new int[]{n, height, width}), true);
        labels = new IdxWriter(parts[1], new IdxHeader(IdxType.UBYTE, new int[]{n, 2}), true);
        sources = new IdxWriter(parts[2], new IdxHeader(IdxType.UBYTE, new int[]{n, 2, height, width}), true);
    }

    @Override
    public void accept(PairSpec pair, int label1, int label2, byte[] merged, byte[] twoSources) {
        labelRecord[0] = (byte) label1;
        labelRecord[1] = (byte) label2;
        images.writeRecord(merged);
        labels.writeRecord(labelRecord);
        sources.writeRecord(twoSources);
    }

    /** Closes the writers (checking the counts) and renames the files to their final names. */
    void commit() {
        closeWriters();
        try {
            for (int i = 0; i < 3; i++) {
                Files.move(parts[i], finals[i], StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot rename MultiMNIST output in " + finals[0].getParent(), e);
        }
        committed = true;
    }

    private boolean closed;
    private boolean committed;

    private void closeWriters() {
        if (!closed) {
            closed = true;
            images.close();
            labels.close();
            sources.close();
        }
    }

    /** Without a successful {@link #commit()}: closes quietly and deletes the .part files. */
    @Override
    public void close() {
        if (committed) {
            return;
        }
        try {
            closeWriters();
        } catch (RuntimeException ignored) {
            // the run already failed; the partial files are removed below
        }
        for (Path part : parts) {
            try {
                Files.deleteIfExists(part);
            } catch (IOException ignored) {
                // best effort: a .part file never looks like a finished data set
            }
        }
    }
}
