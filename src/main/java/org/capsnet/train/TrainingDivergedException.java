package org.capsnet.train;

/**
 * The loss became NaN or infinite: training stops and the last good checkpoint stays as it is. Reported like bad
 * input (one line, exit 2): the remedy is an option (--lr), not a bug fix.
 */
public final class TrainingDivergedException extends org.capsnet.InvalidInputException {
    public TrainingDivergedException(String message) {
        super(message);
    }

    static void check(double loss, int epoch, long examplesSeen) {
        if (Double.isNaN(loss) || Double.isInfinite(loss)) {
            throw new TrainingDivergedException("training diverged: loss is " + loss + " in epoch " + (epoch + 1)
                    + " after " + examplesSeen + " examples; try a lower --lr (the last good checkpoint is kept)");
        }
    }
}
