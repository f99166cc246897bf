package org.capsnet.data;

import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A split held as the bytes of its IDX files (a quarter of the floats' memory: 47 MB for MNIST's training split):
 * images N x H x W, labels [N][k], and for MultiMNIST each digit's source image N x 2 x H x W. Rows become floats
 * in [0, 1] only when read.
 */
final class StoredExamples implements ExampleReader {
    private final byte[] pixels;
    private final int[][] labels;
    private final byte[] sources;
    private final int height;
    private final int width;

    /** {@code sources}: null for single-digit data. */
    StoredExamples(byte[] pixels, int[][] labels, byte[] sources, int height, int width) {
        this.pixels = pixels;
        this.labels = labels;
        this.sources = sources;
        this.height = height;
        this.width = width;
    }

    int size() {
        return labels.length;
    }

    @Override
    public LabelledImages read(long[] ids) {
        int area = height * width;
        int b = ids.length;
        float[] images = new float[b * area];
        float[] src = sources == null ? null : new float[b * 2 * area];
        int[][] rows = new int[b][];
        for (int r = 0; r < b; r++) {
            int id = Math.toIntExact(ids[r]);
            rows[r] = labels[id];
            toFloats(pixels, (long) id * area, images, r * area, area);
            if (src != null) {
                toFloats(sources, (long) id * 2 * area, src, r * 2 * area, 2 * area);
            }
        }
        return new LabelledImages(
                Nd4j.createFromArray(images).reshape('c', b, area),
                height,
                width,
                rows,
                src == null ? null : Nd4j.createFromArray(src).reshape('c', b, 2L * area),
                Map.of());
    }

    /** Every example, in file order. */
    LabelledImages readAll(Map<String, String> sha256) {
        long[] ids = new long[size()];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = i;
        }
        LabelledImages all = read(ids);
        INDArray src = all.sources();
        return new LabelledImages(all.images(), height, width, all.labels(), src, sha256);
    }

    static void toFloats(byte[] from, long offset, float[] to, int at, int n) {
        int start = Math.toIntExact(offset);
        for (int i = 0; i < n; i++) {
            to[at + i] = (from[start + i] & 0xFF) * (1f / 255f);
        }
    }
}
