package org.capsnet.data;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * One split in memory. Shapes: {@code images} float [N, H*W] in [0, 1], row-major pixels; {@code labels} int [N][k]
 * with k = 1 (MNIST) or 2 (MultiMNIST: digit 1, digit 2); {@code sources} float [N, 2*H*W] (digit 1's shifted
 * image then digit 2's) for MultiMNIST, null otherwise. {@code sha256} maps each file read to its SHA-256.
 */
public final class LabelledImages {
    /** Number of classes (digits 0..9). */
    public static final int CLASSES = 10;

    private final INDArray images;
    private final int height;
    private final int width;
    private final int[][] labels;
    private final INDArray sources;
    private final Map<String, String> sha256;

    public LabelledImages(
            INDArray images, int height, int width, int[][] labels, INDArray sources, Map<String, String> sha256) {
        long n = images.size(0);
        if (images.rank() != 2 || images.size(1) != (long) height * width) {
            throw new IllegalArgumentException(
                    "images must be [N, " + height * width + "], got " + java.util.Arrays.toString(images.shape()));
        }
        if (labels.length != n) {
            throw new IllegalArgumentException(labels.length + " labels for " + n + " images");
        }
        if (sources != null && (sources.size(0) != n || sources.size(1) != 2L * height * width)) {
            throw new IllegalArgumentException(
                    "sources must be [N, 2*H*W], got " + java.util.Arrays.toString(sources.shape()));
        }
        this.images = images;
        this.height = height;
        this.width = width;
        this.labels = labels;
        this.sources = sources;
        this.sha256 = Collections.unmodifiableMap(new LinkedHashMap<>(sha256));
    }

    /** Images, float [N, H*W] in [0, 1]. */
    public INDArray images() {
        return images;
    }

    /** Labels, [N][1] or [N][2]. Not copied. */
    public int[][] labels() {
        return labels;
    }

    /** MultiMNIST source images, float [N, 2*H*W], or null for single-digit data. */
    public INDArray sources() {
        return sources;
    }

    public int height() {
        return height;
    }

    public int width() {
        return width;
    }

    /** Number of examples N. */
    public int size() {
        return labels.length;
    }

    /** True for MultiMNIST (two labels per image). */
    public boolean isMultiDigit() {
        return labels.length > 0 && labels[0].length == 2 || sources != null;
    }

    /** SHA-256 (hex) of each file read, keyed by file name, in reading order: for model provenance. */
    public Map<String, String> sha256() {
        return sha256;
    }
}
