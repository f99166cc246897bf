package org.capsnet.cli;

import org.capsnet.InvalidInputException;
import org.capsnet.model.NetworkArchitecture;
import org.capsnet.spark.SparkTrainerConfig;
import org.capsnet.spark.SparkTraining;
import org.capsnet.train.CheckpointPolicy;
import org.capsnet.train.ProgressBar;
import org.capsnet.train.TrainingConfig;
import org.capsnet.train.TrainingJob;
import org.capsnet.train.TrainingLoop;
import picocli.CommandLine.Option;

/** Where training runs: an embedded Spark (local[*]), a cluster, or no Spark at all (--master none). */
public class SparkOptions {
    private static final SparkTrainerConfig DEFAULTS =
            SparkTrainerConfig.builder().build();

    @Option(
            names = "--master",
            defaultValue = "local[*]",
            paramLabel = "URL",
            description = "local[*], local[N], spark://HOST:PORT, yarn, k8s://..., or none for the single-machine "
                    + "trainer without Spark (default ${DEFAULT-VALUE}).")
    String master;

    @Option(
            names = "--workers",
            paramLabel = "W",
            description = "Data-parallel workers; 0 takes one per task slot of the registered executors.")
    int workers = DEFAULTS.workers();

    @Option(
            names = "--averaging-frequency",
            paramLabel = "F",
            description = "Average parameters every F minibatches per worker (default ${DEFAULT-VALUE}).")
    int averagingFrequency = DEFAULTS.averagingFrequency();

    @Option(
            names = "--tree-depth",
            paramLabel = "D",
            description = "Depth of the tree reduce that sums the workers' parameters (default ${DEFAULT-VALUE}).")
    int treeDepth = DEFAULTS.treeDepth();

    @Option(
            names = "--checkpoint-rounds",
            paramLabel = "N",
            description = "Also checkpoint every N averaging rounds (local: minibatches) inside an epoch; 0: off.")
    int checkpointRounds = CheckpointPolicy.END_OF_EPOCH.everyRounds();

    @Option(
            names = "--checkpoint-minutes",
            paramLabel = "T",
            description = "Also checkpoint every T minutes inside an epoch; 0: off.")
    double checkpointMinutes = CheckpointPolicy.END_OF_EPOCH.everyMinutes();

    @Option(
            names = "--threads-per-worker",
            paramLabel = "T",
            description = "ND4J threads per worker task; 0 takes spark.task.cpus (default ${DEFAULT-VALUE}).")
    int threadsPerWorker = DEFAULTS.threadsPerWorker();

    boolean isLocalOnly() {
        return "none".equals(master);
    }

    SparkTrainerConfig trainerConfig() {
        return SparkTrainerConfig.builder()
                .workers(workers)
                .averagingFrequency(averagingFrequency)
                .treeDepth(treeDepth)
                .threadsPerWorker(threadsPerWorker)
                .build();
    }

    CheckpointPolicy checkpointPolicy() {
        if (checkpointRounds < 0) {
            throw new InvalidInputException("--checkpoint-rounds must be >= 0, got " + checkpointRounds);
        }
        if (!(checkpointMinutes >= 0)) {
            throw new InvalidInputException("--checkpoint-minutes must be >= 0, got " + checkpointMinutes);
        }
        return new CheckpointPolicy(checkpointRounds, checkpointMinutes);
    }

    TrainingLoop.Result train(NetworkArchitecture arch, TrainingConfig config, TrainingJob.Paths paths) {
        if (master == null || master.isBlank()) {
            throw new InvalidInputException("--master must not be empty");
        }
        return SparkTraining.run(
                master, arch, config, trainerConfig(), paths, checkpointPolicy(), ProgressBar.onStderr());
    }
}
