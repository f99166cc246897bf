package org.capsnet.data;

import org.capsnet.InvalidInputException;
import org.capsnet.io.StoragePath;

/**
 * What a run trains and scores on, as given on the command line: a data directory, read as it is (MNIST-like or a
 * materialised MultiMNIST), or, with {@code pairs}, the single-digit directory from which MultiMNIST pairs are
 * generated on the fly; and how many test examples to score ({@code testLimit}, a fixed slice).
 */
public record DataSource(StoragePath dir, MultiMnistConfig pairs, long testLimit) {
    public DataSource {
        if (testLimit < 1) {
            throw new InvalidInputException("the number of test examples must be at least 1, got " + testLimit);
        }
    }

    /** The directory as it is, every test example scored. */
    public static DataSource of(StoragePath dir) {
        return new DataSource(dir, null, Long.MAX_VALUE);
    }

    public ExampleSet train() {
        return split(Split.TRAIN);
    }

    /** The test split, or null when the directory has none. */
    public ExampleSet test() {
        return ExampleSets.hasSplit(dir, Split.TEST) ? split(Split.TEST) : null;
    }

    public ExampleSet split(Split split) {
        return pairs == null ? ExampleSets.of(dir, split) : ExampleSets.pairs(dir, split, pairs);
    }

    /** The examples of a test split of {@code size} that an evaluation scores. */
    public long testExamples(long size) {
        return Math.min(size, testLimit);
    }

    @Override
    public String toString() {
        return pairs == null
                ? dir.toString()
                : dir + " (MultiMNIST generated on the fly: " + pairs.pairsPerDigit() + " pairs per digit, shift "
                        + pairs.shift() + ", data seed " + pairs.seed() + ")";
    }
}
