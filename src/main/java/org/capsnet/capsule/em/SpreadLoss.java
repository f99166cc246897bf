package org.capsnet.capsule.em;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Spread loss of matrix capsules (Hinton et al. 2018, section 3.1) on class activations {@code a [B, J]} against
 * one-hot targets {@code [B, J]}: {@code L = sum_{i != t} max(0, m - (a_t - a_i))^2}, with the margin m raised
 * from 0.2 to 0.9 during training by the caller.
 */
public final class SpreadLoss {
    private final double margin;

    public SpreadLoss(double margin) {
        if (!(margin >= 0 && margin <= 1)) {
            throw new IllegalArgumentException("margin must be in [0, 1], got " + margin);
        }
        this.margin = margin;
    }

    public double margin() {
        return margin;
    }

    /** Loss of each example, [B]. */
    public INDArray perExample(INDArray activations, INDArray targets) {
        INDArray h = hinge(activations, targets);
        return h.muli(h).sum(1);
    }

    /** dL/da of the SUM of the per-example losses, [B, J]. */
    public INDArray gradient(INDArray activations, INDArray targets) {
        INDArray t = targets.castTo(activations.dataType());
        INDArray g = hinge(activations, t).muli(2.0); // dL/da_i for i != t
        return g.subi(t.mul(g.sum(true, 1))); // dL/da_t = -sum_i dL/da_i
    }

    /** max(0, m - (a_t - a_i)) for i != t, 0 at the target. */
    private INDArray hinge(INDArray a, INDArray targets) {
        if (a.rank() != 2 || !Arrays.equals(a.shape(), targets.shape())) {
            throw new IllegalArgumentException("activations and targets must both be [B, J], got "
                    + Arrays.toString(a.shape()) + " and " + Arrays.toString(targets.shape()));
        }
        INDArray t = targets.castTo(a.dataType());
        INDArray target = a.mul(t).sum(true, 1); // a_t, [B, 1]
        INDArray h = Transforms.relu(a.subColumnVector(target).addi(margin), false);
        return h.muli(t.rsub(1.0));
    }
}
