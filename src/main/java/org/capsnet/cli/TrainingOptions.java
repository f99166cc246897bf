package org.capsnet.cli;

import org.capsnet.train.TrainingConfig;
import picocli.CommandLine.Option;

/**
 * How to train, as train and experiment multimnist both take it: epochs, batch size, the optimiser's learning rate
 * and its decay, the seed and a round limit. The defaults are {@link TrainingConfig}'s: the fields start from them
 * and picocli shows them as ${DEFAULT-VALUE}.
 */
final class TrainingOptions {
    private static final TrainingConfig DEFAULTS = TrainingConfig.builder().build();

    @Option(names = "--epochs", paramLabel = "N", description = "Epochs (default ${DEFAULT-VALUE}).")
    int epochs = DEFAULTS.epochs();

    @Option(
            names = "--batch-size",
            paramLabel = "B",
            description = "Minibatch size (per worker on Spark; default ${DEFAULT-VALUE}).")
    int batchSize = DEFAULTS.batchSize();

    @Option(names = "--lr", paramLabel = "X", description = "Adam learning rate (default ${DEFAULT-VALUE}).")
    double lr = DEFAULTS.learningRate();

    @Option(
            names = "--lr-decay",
            paramLabel = "X",
            description = "Learning rate factor per epoch (default ${DEFAULT-VALUE}).")
    double lrDecay = DEFAULTS.learningRateDecay();

    @Option(
            names = "--max-rounds",
            paramLabel = "N",
            description = "Stop after N averaging rounds (local: minibatches), evaluate and save where it stopped; "
                    + "--resume continues from there. 0: no limit (default).")
    long maxRounds = DEFAULTS.maxRounds();

    @Option(
            names = "--seed",
            paramLabel = "S",
            description = "Seed of the training: initialisation, data order, augmentation (default ${DEFAULT-VALUE}).")
    long seed = DEFAULTS.seed();

    /** A training configuration with these options; the caller sets the rest (the augmentation shift) and builds. */
    TrainingConfig.Builder toBuilder() {
        return TrainingConfig.builder()
                .epochs(epochs)
                .batchSize(batchSize)
                .learningRate(lr)
                .learningRateDecay(lrDecay)
                .seed(seed)
                .maxRounds(maxRounds);
    }
}
