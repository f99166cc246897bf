package org.capsnet.model.losses;

import org.capsnet.capsule.ReconstructionLoss;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Scaled sum of squared pixel differences between the decoder's output {@code [B, P]} and the input image
 * {@code [B, P]} (the paper scales it by 0.0005 so that it does not dominate the margin loss).
 */
public class ReconstructionLossFunction extends ActivatedLoss {
    private static final long serialVersionUID = 1L;

    private final double weight;

    public ReconstructionLossFunction(@JsonProperty("weight") double weight) {
        this.weight = weight;
    }

    public double getWeight() {
        return weight;
    }

    @Override
    protected INDArray perExample(INDArray reconstruction, INDArray target) {
        return new ReconstructionLoss(weight).perExample(reconstruction, target);
    }

    @Override
    protected INDArray gradient(INDArray reconstruction, INDArray target) {
        return new ReconstructionLoss(weight).gradient(reconstruction, target);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ReconstructionLossFunction && ((ReconstructionLossFunction) o).weight == weight;
    }

    @Override
    public int hashCode() {
        return Double.hashCode(weight);
    }

    @Override
    public String toString() {
        return "ReconstructionLoss(weight=" + weight + ")";
    }
}
