package org.capsnet.data;

import org.capsnet.InvalidInputException;
import org.capsnet.io.StoragePath;

/**
 * Makes {@link ExampleSet}s on the driver from the headers of a data directory's files, so that shapes and counts
 * are checked before any work while no image is read (beyond one row of Parquet): a split of IDX files as they are
 * ({@link IdxExamples}), a MultiMNIST Parquet data set ({@link ParquetExamples}), or MultiMNIST pairs generated from
 * a single-digit split ({@link GeneratedPairs}).
 */
public final class ExampleSets {
    private ExampleSets() {
    }

    /**
     * The examples of {@code split} in {@code dir}: its Parquet data set ({@code dir/train.parquet} or
     * {@code dir/t10k.parquet}) when there is one, else its IDX files (MNIST-like or a materialised MultiMNIST).
     */
    public static ExampleSet of(StoragePath dir, Split split) {
        requireDirectory(dir);
        return ParquetExamples.isPresent(dir, split) ? ParquetExamples.describe(dir, split) : idx(dir, split);
    }

    private static IdxExamples idx(StoragePath dir, Split split) {
        boolean multi = SplitFiles.isMultiDigit(dir, split);
        StoragePath imagesFile = SplitFiles.require(dir, split, "images", 3);
        StoragePath labelsFile = SplitFiles.require(dir, split, "labels", multi ? 2 : 1);
        IdxHeader images = imageHeader(imagesFile, 3);
        IdxHeader labels = IdxReader.readHeader(labelsFile);
        requireCount(imagesFile, images, labelsFile, labels);
        if (multi) {
            if (labels.dims().length != 2 || labels.dims()[1] != 2) {
                throw new InvalidInputException(labelsFile + ": MultiMNIST labels must be N x 2, header is " + labels);
            }
            StoragePath sourcesFile = SplitFiles.require(dir, split, "sources", 4);
            IdxHeader sources = imageHeader(sourcesFile, 4);
            requireCount(imagesFile, images, sourcesFile, sources);
            int[] s = sources.dims();
            if (s[1] != 2 || s[2] != images.dims()[1] || s[3] != images.dims()[2]) {
                throw new InvalidInputException(sourcesFile + ": sources must be N x 2 x " + images.dims()[1] + " x "
                        + images.dims()[2] + ", header is " + sources);
            }
        } else if (labels.dims().length != 1) {
            throw new InvalidInputException(labelsFile + ": expected 1 dimension, header is " + labels);
        }
        return new IdxExamples(dir, split, images.count(), images.dims()[1], images.dims()[2], multi ? 2 : 1);
    }

    /** MultiMNIST pairs of {@code split}, generated on the fly from the single-digit files in {@code source}. */
    public static GeneratedPairs pairs(StoragePath source, Split split, MultiMnistConfig config) {
        ExampleSet digits = of(source, split);
        if (digits.digitsPerImage() != 1) {
            throw new InvalidInputException(source + ": MultiMNIST pairs are generated from single-digit data, "
                    + "this directory already holds MultiMNIST");
        }
        MultiMnistConfig normalised = new MultiMnistConfig(config.pairsPerDigit(), config.shift(), config.pad(),
                config.seed(), MultiMnistConfig.Format.IDX);
        return new GeneratedPairs(source, split, normalised, Math.toIntExact(digits.size()), digits.height(),
                digits.width());
    }

    /** Whether {@code dir} holds the files of {@code split} (IDX or Parquet). */
    public static boolean hasSplit(StoragePath dir, Split split) {
        return dir.isDirectory() && (SplitFiles.find(dir, split, "images", 3) != null
                || ParquetExamples.isPresent(dir, split));
    }

    private static void requireDirectory(StoragePath dir) {
        if (!dir.isDirectory()) {
            throw new InvalidInputException(dir + ": data directory not found");
        }
    }

    private static IdxHeader imageHeader(StoragePath file, int rank) {
        IdxHeader h = IdxReader.readHeader(file);
        if (h.dims().length != rank) {
            throw new InvalidInputException(file + ": expected " + rank + " dimensions, header is " + h);
        }
        if (h.type() != IdxType.UBYTE) {
            throw new InvalidInputException(file + ": images must be unsigned bytes, header is " + h);
        }
        return h;
    }

    private static void requireCount(StoragePath imagesFile, IdxHeader images, StoragePath other, IdxHeader h) {
        if (images.count() != h.count()) {
            throw new InvalidInputException(other + ": " + h.count() + " records but " + imagesFile + " has "
                    + images.count() + " images");
        }
    }
}
