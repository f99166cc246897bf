package org.capsnet.model.layers;

import org.capsnet.capsule.Squash;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.BaseActivationFunction;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * The squash non-linearity as a DL4J activation over groups of {@code capsuleDim} consecutive outputs: a
 * convolution with K = channels x D outputs per position followed by this activation is the PrimaryCaps layer
 * (32 channels of 8D capsules, not 8 capsules of 32D). Input and output {@code [B, N]} with N a multiple of D.
 */
public class SquashActivation extends BaseActivationFunction {
    private static final long serialVersionUID = 1L;

    private final int capsuleDim;

    public SquashActivation(@JsonProperty("capsuleDim") int capsuleDim) {
        if (capsuleDim <= 0) {
            throw new IllegalArgumentException("capsuleDim must be positive, got " + capsuleDim);
        }
        this.capsuleDim = capsuleDim;
    }

    public int getCapsuleDim() {
        return capsuleDim;
    }

    private INDArray asCapsules(INDArray in) {
        if (in.size(1) % capsuleDim != 0) {
            throw new IllegalArgumentException("squash over " + capsuleDim + "D capsules needs a multiple of "
                    + capsuleDim + " columns, got " + in.size(1));
        }
        return in.reshape('c', in.size(0), in.size(1) / capsuleDim, capsuleDim);
    }

    @Override
    public INDArray getActivation(INDArray in, boolean training) {
        INDArray v = Squash.forward(asCapsules(in));
        return in.assign(v.reshape('c', in.shape()));
    }

    @Override
    public Pair<INDArray, INDArray> backprop(INDArray in, INDArray epsilon) {
        assertShape(in, epsilon);
        INDArray gradS = Squash.backward(asCapsules(in), asCapsules(epsilon));
        return new Pair<>(gradS.reshape('c', in.shape()), null);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof SquashActivation && ((SquashActivation) o).capsuleDim == capsuleDim;
    }

    @Override
    public int hashCode() {
        return 31 * capsuleDim + 7;
    }

    @Override
    public String toString() {
        return "squash(" + capsuleDim + "D)";
    }
}
