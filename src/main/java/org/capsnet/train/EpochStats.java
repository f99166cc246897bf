package org.capsnet.train;

/**
 * What one epoch of fitting did: mean training loss over its minibatches, examples seen and wall time, plus the
 * split of that time for distributed fitting (zero for local fitting).
 */
public record EpochStats(double meanLoss, long examples, double seconds, double broadcastSeconds,
        double fitSeconds, double aggregateSeconds) {

    public static EpochStats local(double meanLoss, long examples, double seconds) {
        return new EpochStats(meanLoss, examples, seconds, 0, seconds, 0);
    }

    public double examplesPerSecond() {
        return seconds > 0 ? examples / seconds : 0;
    }
}
