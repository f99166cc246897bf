package org.capsnet.model.vertices;

import org.capsnet.model.conv.MaxPoolNhwc;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Forward and backward of {@link MaxPoolNhwcVertex}. */
public class MaxPoolNhwcVertexImpl extends ParameterFreeVertex {
    private final MaxPoolNhwc pool;

    public MaxPoolNhwcVertexImpl(
            ComputationGraph graph,
            String name,
            int vertexIndex,
            int height,
            int width,
            int channels,
            DataType dataType) {
        super(graph, name, vertexIndex, dataType);
        this.pool = new MaxPoolNhwc(height, width, channels);
    }

    @Override
    public INDArray doForward(boolean training, LayerWorkspaceMgr workspaceMgr) {
        try (MemoryWorkspace ws = workspaceMgr.notifyScopeBorrowed(ArrayType.ACTIVATIONS)) {
            return pool.forward(inputs[0]);
        }
    }

    @Override
    public Pair<Gradient, INDArray[]> doBackward(boolean tbptt, LayerWorkspaceMgr workspaceMgr) {
        try (MemoryWorkspace ws = workspaceMgr.notifyScopeBorrowed(ArrayType.ACTIVATION_GRAD)) {
            return new Pair<>(null, new INDArray[] {pool.backward(inputs[0], epsilon)});
        }
    }

    @Override
    public String toString() {
        return "MaxPoolNhwcVertex(" + vertexName + ")";
    }
}
