package org.capsnet.cli;

import org.capsnet.InvalidInputException;
import org.capsnet.model.NetworkArchitecture;
import org.capsnet.spark.SparkTrainerConfig;
import org.capsnet.spark.SparkTraining;
import org.capsnet.train.ProgressBar;
import org.capsnet.train.TrainingConfig;
import org.capsnet.train.TrainingJob;
import org.capsnet.train.TrainingLoop;
import picocli.CommandLine.Option;

/** Where training runs: an embedded Spark (local[*]), a cluster, or no Spark at all (--master none). */
public class SparkOptions {
    @Option(names = "--master", defaultValue = "local[*]", paramLabel = "URL",
            description = "local[*], local[N], spark://HOST:PORT, yarn, k8s://..., or none for the single-machine "
                    + "trainer without Spark (default ${DEFAULT-VALUE}).")
    String master;

    @Option(names = "--workers", defaultValue = "0", paramLabel = "W",
            description = "Data-parallel workers; 0 takes the cluster's default parallelism.")
    int workers;

    @Option(names = "--averaging-frequency", defaultValue = "5", paramLabel = "F",
            description = "Average parameters every F minibatches per worker (default ${DEFAULT-VALUE}).")
    int averagingFrequency;

    @Option(names = "--storage-level", defaultValue = "MEMORY_ONLY", paramLabel = "LEVEL",
            description = "Spark storage level of the training minibatches (default ${DEFAULT-VALUE}).")
    String storageLevel;

    @Option(names = "--threads-per-worker", defaultValue = "0", paramLabel = "T",
            description = "ND4J threads per worker task; 0 takes spark.task.cpus (default ${DEFAULT-VALUE}).")
    int threadsPerWorker;

    boolean isLocalOnly() {
        return "none".equals(master);
    }

    SparkTrainerConfig trainerConfig() {
        return SparkTrainerConfig.builder().workers(workers).averagingFrequency(averagingFrequency)
                .storageLevel(storageLevel).threadsPerWorker(threadsPerWorker).build();
    }

    TrainingLoop.Result train(NetworkArchitecture arch, TrainingConfig config, TrainingJob.Paths paths) {
        if (master == null || master.isBlank()) {
            throw new InvalidInputException("--master must not be empty");
        }
        return SparkTraining.run(master, arch, config, trainerConfig(), paths, ProgressBar.onStderr());
    }
}
