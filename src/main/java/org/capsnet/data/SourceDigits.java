package org.capsnet.data;

import java.io.Serializable;
import java.nio.file.Path;
import org.capsnet.InvalidInputException;
import org.capsnet.io.StoragePath;

/**
 * The raw digits of one split, as the MultiMNIST generator needs them: ubyte pixels N x H x W (row-major) and labels
 * in 0..9, validated like {@link DatasetLoader} does. Serializable so it can be broadcast to Spark executors.
 */
public final class SourceDigits implements Serializable {
    private static final long serialVersionUID = 1L;

    private final byte[] pixels;
    private final int[] labels;
    private final int height;
    private final int width;

    public SourceDigits(byte[] pixels, int[] labels, int height, int width) {
        if (pixels.length != (long) labels.length * height * width) {
            throw new IllegalArgumentException(
                    pixels.length + " pixels for " + labels.length + " digits of " + height + "x" + width);
        }
        this.pixels = pixels;
        this.labels = labels;
        this.height = height;
        this.width = width;
    }

    /** {@link #load(StoragePath, Split)} of a local directory. */
    public static SourceDigits load(Path dir, Split split) {
        return load(StoragePath.local(dir), split);
    }

    /** Reads a standard single-digit split from {@code dir}; needs at least two classes present. */
    public static SourceDigits load(StoragePath dir, Split split) {
        StoragePath imagesFile = SplitFiles.require(dir, split, "images", 3);
        StoragePath labelsFile = SplitFiles.require(dir, split, "labels", 1);
        IdxArray images = IdxReader.read(imagesFile);
        images.header().requireImages(imagesFile, 3);
        IdxArray labels = IdxReader.read(labelsFile);
        labels.header().requireRank(labelsFile, 1).requireCountOf(labelsFile, images.header(), imagesFile);
        int[] l = DatasetLoader.checkLabels(labelsFile, labels);
        if (java.util.Arrays.stream(l).distinct().count() < 2) {
            throw new InvalidInputException(labelsFile + ": MultiMNIST needs digits of at least two classes");
        }
        int[] d = images.header().dims();
        return new SourceDigits(images.payload(), l, d[1], d[2]);
    }

    public int size() {
        return labels.length;
    }

    public int label(int i) {
        return labels[i];
    }

    public int height() {
        return height;
    }

    public int width() {
        return width;
    }

    /** Pixel (y, x) of digit i, 0..255. */
    public int pixel(int i, int y, int x) {
        return pixels[(i * height + y) * width + x] & 0xFF;
    }
}
