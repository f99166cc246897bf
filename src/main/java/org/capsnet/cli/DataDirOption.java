package org.capsnet.cli;

import org.capsnet.InvalidInputException;
import org.capsnet.data.DataSource;
import org.capsnet.data.MultiMnistConfig;
import org.capsnet.io.StoragePath;
import picocli.CommandLine.Option;

/**
 * The --data option shared by the commands that read a data set directory, with the options that generate
 * MultiMNIST from it on the fly and limit the test examples scored.
 */
public class DataDirOption {
    @Option(
            names = "--data",
            required = true,
            paramLabel = "DIR",
            description = "Directory of IDX files with the standard names (train-*, t10k-*) or of the "
                    + "train.parquet/t10k.parquet of `data multimnist --format parquet`: a local path or a "
                    + "Hadoop URI (hdfs://, s3a://, file://).")
    StoragePath data;

    @Option(
            names = "--multimnist",
            description = "Generate MultiMNIST pairs from the single-digit --data on the "
                    + "executors, as `data multimnist` would write them, without materialising them.")
    boolean multiMnist;

    @Option(
            names = "--pairs-per-digit",
            paramLabel = "K",
            description = "With --multimnist: pairs per source digit (default ${DEFAULT-VALUE}, as the paper).")
    int pairsPerDigit = MultiMnistConfig.PAPER.pairsPerDigit();

    @Option(
            names = "--pair-shift",
            paramLabel = "PX",
            description = "With --multimnist: largest shift of each digit (default ${DEFAULT-VALUE}).")
    int pairShift = MultiMnistConfig.PAPER.shift();

    @Option(
            names = "--data-seed",
            paramLabel = "S",
            description =
                    "With --multimnist: seed of the pairs, as `data multimnist --seed` (default ${DEFAULT-VALUE}).")
    long dataSeed = MultiMnistConfig.PAPER.seed();

    @Option(
            names = "--test-examples",
            paramLabel = "N",
            description = "Score only the first N test examples (a fixed slice; for on-the-fly MultiMNIST pair 0 of "
                    + "every test digit comes first). Default: all.")
    Long testExamples;

    /** The directory, or a bad-input error naming the option. */
    StoragePath existing() {
        if (!data.isDirectory()) {
            throw new InvalidInputException("--data " + data + " is not a directory");
        }
        return data;
    }

    /** What to read from the existing directory. */
    DataSource source() {
        if (testExamples != null && testExamples < 1) {
            throw new InvalidInputException("--test-examples must be at least 1, got " + testExamples);
        }
        MultiMnistConfig pairs = null;
        if (multiMnist) {
            if (pairsPerDigit < 1) {
                throw new InvalidInputException("--pairs-per-digit must be at least 1, got " + pairsPerDigit);
            }
            if (pairShift < 0 || pairShift > 8) {
                throw new InvalidInputException("--pair-shift must be in 0..8 (the 4-pixel padding keeps digits "
                        + "shifted by up to 8 mostly on the 36x36 canvas), got " + pairShift);
            }
            pairs = new MultiMnistConfig(
                    pairsPerDigit, pairShift, MultiMnistConfig.PAPER.pad(), dataSeed, MultiMnistConfig.Format.IDX);
        }
        return new DataSource(existing(), pairs, testExamples == null ? Long.MAX_VALUE : testExamples);
    }
}
