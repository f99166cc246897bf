package org.capsnet.spark;

import org.apache.spark.api.java.JavaSparkContext;
import org.capsnet.model.NetworkArchitecture;
import org.capsnet.train.CheckpointPolicy;
import org.capsnet.train.ProgressBar;
import org.capsnet.train.TrainingConfig;
import org.capsnet.train.TrainingJob;
import org.capsnet.train.TrainingLoop;

/**
 * A training run on Spark: starts the context, runs {@link TrainingJob} with a {@link SparkEpochFitter} (the
 * executors read the data and score the test split), stops the context.
 */
public final class SparkTraining {
    private SparkTraining() {}

    public static TrainingLoop.Result run(
            String master,
            NetworkArchitecture arch,
            TrainingConfig config,
            SparkTrainerConfig spark,
            TrainingJob.Paths paths,
            CheckpointPolicy policy,
            ProgressBar progress) {
        JavaSparkContext sc = SparkSessions.start("capsnet-train", master);
        try {
            return run(sc, arch, config, spark, paths, policy, progress);
        } finally {
            sc.stop();
        }
    }

    /** The same on a running context (left running). */
    public static TrainingLoop.Result run(
            JavaSparkContext sc,
            NetworkArchitecture arch,
            TrainingConfig config,
            SparkTrainerConfig spark,
            TrainingJob.Paths paths,
            CheckpointPolicy policy,
            ProgressBar progress) {
        int workers = ClusterSlots.workers(sc, spark);
        try {
            return new TrainingJob(arch, config, paths, policy, "spark " + sc.master() + " x" + workers)
                    .run(
                            (a, data, train, test) ->
                                    new SparkEpochFitter(sc, a, config, spark, workers, data, train, test),
                            progress);
        } finally {
            if (sc.isLocal()) {
                Nd4jThreads.restoreDefault(); // the driver shares this JVM: later work may use every core again
            }
        }
    }
}
