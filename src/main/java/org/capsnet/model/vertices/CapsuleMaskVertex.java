package org.capsnet.model.vertices;

import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Configuration of the Mask vertex that feeds the decoder: inputs {@code [B, J*D]} capsules and {@code [B, J]}
 * one-hot labels; output {@code [B, J*D]} with every capsule but one zeroed. In training the kept capsule is the
 * true class's; at inference it is the longest capsule and the label input is ignored.
 */
public class CapsuleMaskVertex extends ParameterFreeVertexConfig {
    private static final long serialVersionUID = 1L;

    private final int capsules;
    private final int capsuleDim;

    public CapsuleMaskVertex(@JsonProperty("capsules") int capsules, @JsonProperty("capsuleDim") int capsuleDim) {
        this.capsules = capsules;
        this.capsuleDim = capsuleDim;
    }

    public int getCapsules() {
        return capsules;
    }

    public int getCapsuleDim() {
        return capsuleDim;
    }

    @Override
    public CapsuleMaskVertex clone() {
        return new CapsuleMaskVertex(capsules, capsuleDim);
    }

    @Override
    protected int inputCount() {
        return 2;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CapsuleMaskVertex
                && ((CapsuleMaskVertex) o).capsules == capsules
                && ((CapsuleMaskVertex) o).capsuleDim == capsuleDim;
    }

    @Override
    public int hashCode() {
        return 37 * capsules + capsuleDim;
    }

    @Override
    public org.deeplearning4j.nn.graph.vertex.GraphVertex instantiate(
            ComputationGraph graph,
            String name,
            int idx,
            INDArray paramsView,
            boolean initializeParams,
            DataType networkDatatype) {
        return new CapsuleMaskVertexImpl(graph, name, idx, capsules, capsuleDim, networkDatatype);
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType... vertexInputs) {
        return InputType.feedForward((long) capsules * capsuleDim);
    }
}
