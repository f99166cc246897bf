package org.capsnet.capsule;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Capsule length {@code |v| = sqrt(sum_d v^2 + EPSILON)} over the last axis: the probability that the entity a
 * capsule stands for is present. Shapes: v {@code [B, J, D]} -> lengths {@code [B, J]}.
 */
public final class CapsuleLength {

    /** Added inside the square root, so that a zero capsule has a finite gradient. */
    public static final double EPSILON = 1e-7;

    private CapsuleLength() {}

    /** v [B, J, D] -> [B, J]. */
    public static INDArray forward(INDArray v) {
        requireRank3(v);
        return Transforms.sqrt(v.mul(v).sum(2).addi(EPSILON), false);
    }

    /** dL/dv = v * dL/dlength / length; v [B, J, D], gradLength [B, J] -> [B, J, D]. */
    public static INDArray backward(INDArray v, INDArray gradLength) {
        requireRank3(v);
        long b = v.size(0);
        long j = v.size(1);
        if (gradLength.rank() != 2 || gradLength.size(0) != b || gradLength.size(1) != j) {
            throw new IllegalArgumentException(
                    "gradLength must be [" + b + ", " + j + "], got " + java.util.Arrays.toString(gradLength.shape()));
        }
        INDArray scale = gradLength.div(forward(v)).reshape(b, j, 1);
        return v.mul(scale);
    }

    private static void requireRank3(INDArray v) {
        if (v.rank() != 3) {
            throw new IllegalArgumentException(
                    "capsules must be [B, J, D], got " + java.util.Arrays.toString(v.shape()));
        }
    }
}
