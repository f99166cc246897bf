package org.capsnet.cli;

import java.util.Map;
import org.capsnet.InvalidSettingException;

/**
 * The command-line flag of each library setting that an {@link InvalidSettingException} may name: the library says
 * what is wrong with a value ("{epochs} must be at least 1"), the command line says it of the flag the user typed
 * ("--epochs must be at least 1"). A setting without a flag keeps its library name.
 */
final class SettingFlags {
    static final Map<String, String> FLAGS = Map.ofEntries(
            // TrainingConfig
            Map.entry("epochs", "--epochs"),
            Map.entry("batchSize", "--batch-size"),
            Map.entry("learningRate", "--lr"),
            Map.entry("learningRateDecay", "--lr-decay"),
            Map.entry("maxRounds", "--max-rounds"),
            Map.entry("maxShift", "--shift"),
            // CapsNetConfig
            Map.entry("routings", "--routings"),
            Map.entry("inputSize", "--input-size"),
            // TrainingJob.Paths
            Map.entry("data", "--data"),
            Map.entry("modelOut", "--model-out"),
            Map.entry("checkpointDir", "--checkpoint-dir"),
            Map.entry("metricsOut", "--metrics-out"),
            Map.entry("resume", "--resume"),
            // SparkTrainerConfig
            Map.entry("workers", "--workers"),
            Map.entry("averagingFrequency", "--averaging-frequency"),
            Map.entry("treeDepth", "--tree-depth"),
            Map.entry("threadsPerWorker", "--threads-per-worker"),
            // MultiMnistConfig, MultiMnistExperimentConfig
            Map.entry("pairsPerDigit", "--pairs-per-digit"),
            Map.entry("shift", "--shift"),
            Map.entry("master", "--master"));

    private SettingFlags() {}

    /** The message of {@code e} with each setting written as its flag. */
    static String describe(InvalidSettingException e) {
        return e.describe(setting -> FLAGS.getOrDefault(setting, setting));
    }
}
