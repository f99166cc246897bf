package org.capsnet.model.vertices;

import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Configuration of the mask vertex of a CapsNet that reconstructs k digits per image (MultiMNIST, k = 2): inputs
 * {@code [B, J*D]} capsules and {@code [B, k*J]} labels (the one-hot vector of each digit, digit 1 first); output
 * {@code [k*B, J*D]}, row {@code b*k + d} holding example b's capsules with all but digit d's zeroed. The decoder
 * layers after it run once per digit on these k*B rows; {@link StackedRowsVertex} turns their output back into one
 * row per example. In training the kept capsules are the labels'; at inference they are the k longest capsules,
 * longest first, and the label input is ignored.
 */
public class DigitsMaskVertex extends ParameterFreeVertexConfig {
    private static final long serialVersionUID = 1L;

    private final int capsules;
    private final int capsuleDim;
    private final int digits;

    public DigitsMaskVertex(
            @JsonProperty("capsules") int capsules,
            @JsonProperty("capsuleDim") int capsuleDim,
            @JsonProperty("digits") int digits) {
        this.capsules = capsules;
        this.capsuleDim = capsuleDim;
        this.digits = digits;
    }

    public int getCapsules() {
        return capsules;
    }

    public int getCapsuleDim() {
        return capsuleDim;
    }

    public int getDigits() {
        return digits;
    }

    @Override
    public DigitsMaskVertex clone() {
        return new DigitsMaskVertex(capsules, capsuleDim, digits);
    }

    @Override
    protected int inputCount() {
        return 2;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DigitsMaskVertex
                && ((DigitsMaskVertex) o).capsules == capsules
                && ((DigitsMaskVertex) o).capsuleDim == capsuleDim
                && ((DigitsMaskVertex) o).digits == digits;
    }

    @Override
    public int hashCode() {
        return (41 * capsules + capsuleDim) * 43 + digits;
    }

    @Override
    public org.deeplearning4j.nn.graph.vertex.GraphVertex instantiate(
            ComputationGraph graph,
            String name,
            int idx,
            INDArray paramsView,
            boolean initializeParams,
            DataType networkDatatype) {
        return new DigitsMaskVertexImpl(graph, name, idx, capsules, capsuleDim, digits, networkDatatype);
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType... vertexInputs) {
        return InputType.feedForward((long) capsules * capsuleDim);
    }
}
