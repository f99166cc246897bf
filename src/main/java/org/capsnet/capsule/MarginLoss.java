package org.capsnet.capsule;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Margin loss on capsule lengths, summed over classes k:
 * {@code L_k = T_k max(0, m+ - |v_k|)^2 + lambda (1 - T_k) max(0, |v_k| - m-)^2}.
 *
 * <p>Shapes: lengths and targets {@code [B, J]}. Targets may be multi-hot (MultiMNIST: the sum of two one-hots);
 * they are clipped to [0, 1], so a class named twice still counts as simply present.
 */
public final class MarginLoss implements java.io.Serializable {

    private static final long serialVersionUID = 1L;

    private final double mPlus;
    private final double mMinus;
    private final double lambda;

    public MarginLoss(double mPlus, double mMinus, double lambda) {
        if (!(mMinus >= 0 && mMinus < mPlus)) {
            throw new IllegalArgumentException("need 0 <= mMinus < mPlus, got mMinus " + mMinus + ", mPlus " + mPlus);
        }
        if (!(lambda >= 0)) {
            throw new IllegalArgumentException("lambda must be >= 0, got " + lambda);
        }
        this.mPlus = mPlus;
        this.mMinus = mMinus;
        this.lambda = lambda;
    }

    /** m+ 0.9, m- 0.1, lambda 0.5. */
    public static MarginLoss paperDefaults() {
        return new MarginLoss(0.9, 0.1, 0.5);
    }

    /** Loss of each example, [B]. */
    public INDArray perExample(INDArray lengths, INDArray targets) {
        INDArray t = clippedTargets(lengths, targets);
        INDArray present = Transforms.relu(lengths.rsub(mPlus), false); // max(0, m+ - |v|)
        INDArray absent = Transforms.relu(lengths.sub(mMinus), false); // max(0, |v| - m-)
        INDArray loss = present.muli(present)
                .muli(t)
                .addi(absent.muli(absent).muli(t.rsub(1.0)).muli(lambda));
        return loss.sum(1);
    }

    /** dL/dlengths of the SUM of the per-example losses, [B, J] (divide by the batch size for the mean). */
    public INDArray gradient(INDArray lengths, INDArray targets) {
        INDArray t = clippedTargets(lengths, targets);
        INDArray present = Transforms.relu(lengths.rsub(mPlus), false);
        INDArray absent = Transforms.relu(lengths.sub(mMinus), false);
        return absent.muli(t.rsub(1.0)).muli(2.0 * lambda).subi(present.muli(t).muli(2.0));
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

    private static INDArray clippedTargets(INDArray lengths, INDArray targets) {
        if (lengths.rank() != 2 || !java.util.Arrays.equals(lengths.shape(), targets.shape())) {
            throw new IllegalArgumentException("lengths and targets must both be [B, J], got "
                    + java.util.Arrays.toString(lengths.shape()) + " and "
                    + java.util.Arrays.toString(targets.shape()));
        }
        return Transforms.min(targets.castTo(lengths.dataType()), 1.0, true);
    }
}
