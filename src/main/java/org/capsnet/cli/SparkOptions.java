package org.capsnet.cli;

import org.capsnet.InvalidInputException;
import org.capsnet.model.CapsNetConfig;
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

    boolean isLocalOnly() {
        return "none".equals(master);
    }

    TrainingLoop.Result train(CapsNetConfig arch, TrainingConfig config, TrainingJob.Paths paths) {
        throw new InvalidInputException("--master " + master + ": Spark training is not wired in yet; use --master none");
    }
}
