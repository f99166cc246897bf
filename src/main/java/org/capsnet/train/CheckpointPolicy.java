package org.capsnet.train;

import org.capsnet.InvalidInputException;

/**
 * When to checkpoint inside an epoch, besides at its end: every {@code everyRounds} rounds and/or every
 * {@code everyMinutes} minutes of training (0 turns either off). An epoch of the paper's MultiMNIST lasts hours.
 */
public record CheckpointPolicy(int everyRounds, double everyMinutes) {
    public static final CheckpointPolicy END_OF_EPOCH = new CheckpointPolicy(0, 0);

    public CheckpointPolicy {
        if (everyRounds < 0) {
            throw new InvalidInputException("checkpoint interval in rounds must be >= 0, got " + everyRounds);
        }
        if (!(everyMinutes >= 0) || Double.isInfinite(everyMinutes)) {
            throw new InvalidInputException("checkpoint interval in minutes must be >= 0, got " + everyMinutes);
        }
    }

    /** Whether a checkpoint is due after {@code roundsDone} rounds of an epoch, {@code nanosSinceLast} after the last. */
    boolean due(int roundsDone, long nanosSinceLast) {
        return everyRounds > 0 && roundsDone % everyRounds == 0
                || everyMinutes > 0 && nanosSinceLast >= everyMinutes * 60e9;
    }
}
