package org.capsnet.spark;

import org.apache.spark.api.java.JavaSparkContext;
import org.capsnet.data.SparkDataLoader;
import org.capsnet.data.Split;
import org.capsnet.model.NetworkArchitecture;
import org.capsnet.train.ProgressBar;
import org.capsnet.train.TrainingConfig;
import org.capsnet.train.TrainingJob;
import org.capsnet.train.TrainingLoop;


/**
 * A training run on Spark: starts the context, runs {@link TrainingJob} with a {@link SparkEpochFitter} (test split
 * scored on the executors), stops the context.
 */
public final class SparkTraining {
    private SparkTraining() {
    }

    public static TrainingLoop.Result run(String master, NetworkArchitecture arch, TrainingConfig config,
            SparkTrainerConfig spark, TrainingJob.Paths paths, ProgressBar progress) {
        JavaSparkContext sc = SparkSessions.start("capsnet-train", master);
        try {
            return run(sc, arch, config, spark, paths, progress);
        } finally {
            sc.stop();
        }
    }

    /** The same on a running context (left running). */
    public static TrainingLoop.Result run(JavaSparkContext sc, NetworkArchitecture arch, TrainingConfig config,
            SparkTrainerConfig spark, TrainingJob.Paths paths, ProgressBar progress) {
        int workers = spark.workersOn(sc.defaultParallelism());
        return new TrainingJob(arch, config, paths, "spark " + sc.master() + " x" + workers).run(
                (a, train) -> {
                    SparkEpochFitter fitter = new SparkEpochFitter(sc, a, config, spark,
                            SparkDataLoader.minibatches(sc, paths.data(), Split.TRAIN, config.batchSize(), workers));
                    return TrainingJob.hasTestSplit(paths.data()) ? fitter.withTestData(
                            SparkDataLoader.minibatches(sc, paths.data(), Split.TEST, 100, workers)) : fitter;
                },
                progress);
    }
}
