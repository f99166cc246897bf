package org.capsnet.model.vertices;

import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Configuration of the Length vertex: {@code [B, J*D]} capsules to {@code [B, J]} lengths, the probability that
 * each class is present.
 */
public class CapsuleLengthVertex extends ParameterFreeVertexConfig {
    private static final long serialVersionUID = 1L;

    private final int capsules;
    private final int capsuleDim;

    public CapsuleLengthVertex(@JsonProperty("capsules") int capsules, @JsonProperty("capsuleDim") int capsuleDim) {
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
    public CapsuleLengthVertex clone() {
        return new CapsuleLengthVertex(capsules, capsuleDim);
    }

    @Override
    protected int inputCount() {
        return 1;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CapsuleLengthVertex
                && ((CapsuleLengthVertex) o).capsules == capsules
                && ((CapsuleLengthVertex) o).capsuleDim == capsuleDim;
    }

    @Override
    public int hashCode() {
        return 31 * capsules + capsuleDim;
    }

    @Override
    public org.deeplearning4j.nn.graph.vertex.GraphVertex instantiate(
            ComputationGraph graph,
            String name,
            int idx,
            INDArray paramsView,
            boolean initializeParams,
            DataType networkDatatype) {
        return new CapsuleLengthVertexImpl(graph, name, idx, capsules, capsuleDim, networkDatatype);
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType... vertexInputs) {
        return InputType.feedForward(capsules);
    }
}
