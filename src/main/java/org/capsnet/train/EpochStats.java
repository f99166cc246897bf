package org.capsnet.train;

/**
 * Rounds added up: loss sum and examples (the mean loss is over examples), wall time and its split for distributed
 * fitting (zero broadcast and aggregate for local fitting), the number of rounds, and the learning rate and Adam
 * step that the workers applied in the last round.
 */
public record EpochStats(
        double lossSum,
        long examples,
        double seconds,
        double broadcastSeconds,
        double fitSeconds,
        double aggregateSeconds,
        int rounds,
        double learningRate,
        long adamStep) {

    public static final EpochStats EMPTY = new EpochStats(0, 0, 0, 0, 0, 0, 0, Double.NaN, 0);

    /** The rounds a checkpoint recorded of an epoch, to continue adding to. */
    static EpochStats resumed(double lossSum, long examples, double seconds, int rounds) {
        return new EpochStats(lossSum, examples, seconds, 0, seconds, 0, rounds, Double.NaN, 0);
    }

    public EpochStats plus(RoundStats r) {
        return new EpochStats(
                lossSum + r.lossSum(),
                examples + r.examples(),
                seconds + r.seconds(),
                broadcastSeconds + r.broadcastSeconds(),
                fitSeconds + r.fitSeconds(),
                aggregateSeconds + r.aggregateSeconds(),
                rounds + 1,
                r.learningRate(),
                r.adamStep());
    }

    public double meanLoss() {
        return examples == 0 ? Double.NaN : lossSum / examples;
    }

    public double examplesPerSecond() {
        return seconds > 0 ? examples / seconds : 0;
    }
}
