package org.capsnet.experiment;

import java.util.List;
import org.capsnet.InvalidInputException;
import org.capsnet.InvalidSettingException;
import org.capsnet.data.DataSource;
import org.capsnet.data.MultiMnistConfig;
import org.capsnet.io.StoragePath;
import org.capsnet.model.NetworkArchitecture;
import org.capsnet.spark.SparkTrainerConfig;
import org.capsnet.train.CheckpointPolicy;
import org.capsnet.train.TrainingConfig;

/**
 * What a MultiMNIST experiment does: the MNIST-style {@code source} data set, the results folder {@code out}, the
 * MultiMNIST generation settings (pairs per source digit, largest shift, seed), the one training configuration
 * every model gets (same epochs, batch size, optimiser and seed: the same budget), the models to compare (their
 * input size and digits per image follow from the data) and how to run: {@code master} "none" trains on this
 * machine, anything else on Spark with {@code spark}. {@code command} is recorded in the results. With
 * {@code onTheFly} the pairs are generated where they are used (the executors) instead of written to
 * {@code out/data}; {@code testExamples} scores a fixed slice of the test pairs; {@code checkpoints} says when to
 * checkpoint inside an epoch. Paths are local paths or Hadoop
 * FileSystem URIs ({@link StoragePath}).
 */
public record MultiMnistExperimentConfig(
        StoragePath source,
        StoragePath out,
        int pairsPerDigit,
        int shift,
        long dataSeed,
        TrainingConfig training,
        List<NetworkArchitecture> models,
        String master,
        SparkTrainerConfig spark,
        String command,
        boolean onTheFly,
        long testExamples,
        CheckpointPolicy checkpoints) {

    public MultiMnistExperimentConfig {
        if (pairsPerDigit < 1) {
            throw new InvalidSettingException("{pairsPerDigit} must be at least 1, got " + pairsPerDigit);
        }
        if (models.isEmpty()) {
            throw new InvalidInputException("an experiment needs at least one model");
        }
        if (models.stream().map(NetworkArchitecture::family).distinct().count() != models.size()) {
            throw new InvalidInputException("each model family may appear once in an experiment");
        }
        if (master == null || master.isBlank()) {
            throw new InvalidSettingException("{master} must not be empty");
        }
        if (testExamples < 1) {
            throw new InvalidInputException("the number of test examples must be at least 1, got " + testExamples);
        }
        models = List.copyOf(models);
    }

    /** The generation settings of the pairs. */
    public MultiMnistConfig pairs() {
        return new MultiMnistConfig(
                pairsPerDigit, shift, MultiMnistConfig.PAPER.pad(), dataSeed, MultiMnistConfig.Format.IDX);
    }

    /** What the models train and are scored on: the pairs generated on the fly, or those written to {@code data}. */
    public DataSource data(StoragePath materialised) {
        return onTheFly
                ? new DataSource(source, pairs(), testExamples)
                : new DataSource(materialised, null, testExamples);
    }

    /** A local path made absolute, a URI as given. */
    static String location(StoragePath p) {
        return p.isLocal() ? p.localPath().toAbsolutePath().normalize().toString() : p.toString();
    }

    public boolean onSpark() {
        return !"none".equals(master);
    }

    /**
     * The settings that determine the results (not how or where they are computed): a results folder holds the
     * results of one such setting, which a re-run must match to resume.
     */
    public ExperimentRecords.Settings identity() {
        return new ExperimentRecords.Settings(
                location(source),
                pairsPerDigit,
                shift,
                dataSeed,
                training.toString(),
                models.stream().map(Object::toString).toList(),
                testExamples == Long.MAX_VALUE ? null : testExamples);
    }
}
