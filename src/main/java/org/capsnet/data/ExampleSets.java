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
    private ExampleSets() {}

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
        IdxHeader images = IdxReader.readHeader(imagesFile).requireImages(imagesFile, 3);
        IdxHeader labels = IdxReader.readHeader(labelsFile).requireCountOf(labelsFile, images, imagesFile);
        if (multi) {
            labels.requirePairLabels(labelsFile);
            StoragePath sourcesFile = SplitFiles.require(dir, split, "sources", 4);
            IdxReader.readHeader(sourcesFile)
                    .requireImages(sourcesFile, 4)
                    .requireCountOf(sourcesFile, images, imagesFile)
                    .requireSourcesOf(sourcesFile, images);
        } else {
            labels.requireRank(labelsFile, 1);
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
        MultiMnistConfig normalised = new MultiMnistConfig(
                config.pairsPerDigit(), config.shift(), config.pad(), config.seed(), MultiMnistConfig.Format.IDX);
        return new GeneratedPairs(
                source, split, normalised, Math.toIntExact(digits.size()), digits.height(), digits.width());
    }

    /** Whether {@code dir} holds the files of {@code split} (IDX or Parquet). */
    public static boolean hasSplit(StoragePath dir, Split split) {
        return dir.isDirectory()
                && (SplitFiles.find(dir, split, "images", 3) != null || ParquetExamples.isPresent(dir, split));
    }

    private static void requireDirectory(StoragePath dir) {
        if (!dir.isDirectory()) {
            throw new InvalidInputException(dir + ": data directory not found");
        }
    }
}
