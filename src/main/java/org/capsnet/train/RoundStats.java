package org.capsnet.train;

/**
 * One averaging round (on one machine: one minibatch): the summed loss and examples of its steps, the most steps
 * a worker made (the Adam step count advances by this), the learning rate and Adam step the workers applied in
 * their last step, the workers that took part, and the wall-time split.
 */
public record RoundStats(
        double lossSum,
        long examples,
        int steps,
        double learningRate,
        long adamStep,
        int workers,
        double seconds,
        double broadcastSeconds,
        double fitSeconds,
        double aggregateSeconds) {

    public double meanLoss() {
        return examples == 0 ? Double.NaN : lossSum / examples;
    }
}
