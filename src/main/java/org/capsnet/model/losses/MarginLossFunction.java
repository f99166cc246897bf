package org.capsnet.model.losses;

import org.capsnet.capsule.MarginLoss;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * The margin loss of the paper on capsule lengths {@code [B, J]} against (multi-)hot targets {@code [B, J]}, for a
 * DL4J LossLayer with the identity activation. Never on a softmax of the lengths.
 */
public class MarginLossFunction extends ActivatedLoss {
    private static final long serialVersionUID = 1L;

    @JsonProperty("mPlus")
    private final double mPlus;

    @JsonProperty("mMinus")
    private final double mMinus;

    @JsonProperty("lambda")
    private final double lambda;

    public MarginLossFunction(
            @JsonProperty("mPlus") double mPlus,
            @JsonProperty("mMinus") double mMinus,
            @JsonProperty("lambda") double lambda) {
        this.mPlus = mPlus;
        this.mMinus = mMinus;
        this.lambda = lambda;
    }

    /** m+ = 0.9, m- = 0.1, lambda = 0.5. */
    public static MarginLossFunction paperDefaults() {
        return new MarginLossFunction(0.9, 0.1, 0.5);
    }

    public double mPlus() {
        return mPlus;
    }

    public double mMinus() {
        return mMinus;
    }

    public double lambda() {
        return lambda;
    }

    private MarginLoss loss() {
        return new MarginLoss(mPlus, mMinus, lambda);
    }

    @Override
    protected INDArray perExample(INDArray lengths, INDArray targets) {
        return loss().perExample(lengths, targets);
    }

    @Override
    protected INDArray gradient(INDArray lengths, INDArray targets) {
        return loss().gradient(lengths, targets);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof MarginLossFunction)) {
            return false;
        }
        MarginLossFunction m = (MarginLossFunction) o;
        return m.mPlus == mPlus && m.mMinus == mMinus && m.lambda == lambda;
    }

    @Override
    public int hashCode() {
        return Double.hashCode(mPlus) * 31 + Double.hashCode(mMinus) * 17 + Double.hashCode(lambda);
    }

    @Override
    public String toString() {
        return "MarginLoss(m+=" + mPlus + ", m-=" + mMinus + ", lambda=" + lambda + ")";
    }
}
