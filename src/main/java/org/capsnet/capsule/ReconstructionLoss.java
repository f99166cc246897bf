package org.capsnet.capsule;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Reconstruction loss {@code scale * sum_p (x_hat_p - x_p)^2} per example, scale 0.0005 in the paper.
 * Shapes: reconstruction and target {@code [B, P]} -> {@code [B]}.
 */
public final class ReconstructionLoss implements java.io.Serializable {

    private static final long serialVersionUID = 1L;

    private final double scale;

    public ReconstructionLoss(double scale) {
        if (!(scale >= 0)) {
            throw new IllegalArgumentException("scale must be >= 0, got " + scale);
        }
        this.scale = scale;
    }

    /** scale 0.0005. */
    public static ReconstructionLoss paperDefaults() {
        return new ReconstructionLoss(0.0005);
    }

    /** Loss of each example, [B]. */
    public INDArray perExample(INDArray reconstruction, INDArray target) {
        INDArray diff = difference(reconstruction, target);
        return diff.muli(diff).sum(1).muli(scale);
    }

    /** dL/dreconstruction of the SUM over examples, [B, P]. */
    public INDArray gradient(INDArray reconstruction, INDArray target) {
        return difference(reconstruction, target).muli(2.0 * scale);
    }

    public double scale() {
        return scale;
    }

    private static INDArray difference(INDArray reconstruction, INDArray target) {
        if (reconstruction.rank() != 2 || !java.util.Arrays.equals(reconstruction.shape(), target.shape())) {
            throw new IllegalArgumentException("reconstruction and target must both be [B, P], got "
                    + java.util.Arrays.toString(reconstruction.shape()) + " and "
                    + java.util.Arrays.toString(target.shape()));
        }
        return reconstruction.sub(target.castTo(reconstruction.dataType()));
    }
}
