package org.capsnet.model.vertices;

import org.capsnet.capsule.CapsuleLength;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Forward and backward of {@link CapsuleLengthVertex}: {@code [B, J*D] -> [B, J]}. */
public class CapsuleLengthVertexImpl extends ParameterFreeVertex {
    private final int capsules;
    private final int capsuleDim;

    public CapsuleLengthVertexImpl(
            ComputationGraph graph, String name, int vertexIndex, int capsules, int capsuleDim, DataType dataType) {
        super(graph, name, vertexIndex, dataType);
        this.capsules = capsules;
        this.capsuleDim = capsuleDim;
    }

    private INDArray asCapsules(INDArray flat) {
        return flat.reshape('c', flat.size(0), capsules, capsuleDim);
    }

    @Override
    public INDArray doForward(boolean training, LayerWorkspaceMgr workspaceMgr) {
        try (MemoryWorkspace ws = workspaceMgr.notifyScopeBorrowed(ArrayType.ACTIVATIONS)) {
            return CapsuleLength.forward(asCapsules(inputs[0]));
        }
    }

    @Override
    public Pair<Gradient, INDArray[]> doBackward(boolean tbptt, LayerWorkspaceMgr workspaceMgr) {
        try (MemoryWorkspace ws = workspaceMgr.notifyScopeBorrowed(ArrayType.ACTIVATION_GRAD)) {
            INDArray grad = CapsuleLength.backward(asCapsules(inputs[0]), epsilon);
            return new Pair<>(null, new INDArray[] {grad.reshape('c', inputs[0].shape())});
        }
    }

    @Override
    public String toString() {
        return "CapsuleLengthVertex(" + vertexName + ", " + capsules + "x" + capsuleDim + ")";
    }
}
