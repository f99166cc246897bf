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

/** Forward and backward of {@link CapsuleMaskVertex}. The mask is a constant: no gradient flows into it. */
public class CapsuleMaskVertexImpl extends ParameterFreeVertex {
    private final int capsules;
    private final int capsuleDim;
    private INDArray mask;

    public CapsuleMaskVertexImpl(
            ComputationGraph graph, String name, int vertexIndex, int capsules, int capsuleDim, DataType dataType) {
        super(graph, name, vertexIndex, dataType);
        this.capsules = capsules;
        this.capsuleDim = capsuleDim;
    }

    /** One-hot mask {@code [B, J]} of the longest capsule of each example. */
    static INDArray longestCapsuleMask(INDArray capsules3d) {
        INDArray lengths = CapsuleLength.forward(capsules3d);
        INDArray max = lengths.max(true, 1).broadcast(lengths.shape());
        return lengths.sub(max).gte(0).castTo(lengths.dataType());
    }

    private INDArray apply(INDArray flat, INDArray mask) {
        INDArray caps = flat.reshape('c', flat.size(0), capsules, capsuleDim);
        INDArray mask3d = mask.reshape('c', mask.size(0), capsules, 1);
        return caps.mul(mask3d).reshape('c', flat.shape());
    }

    @Override
    public INDArray doForward(boolean training, LayerWorkspaceMgr workspaceMgr) {
        try (MemoryWorkspace ws = workspaceMgr.notifyScopeBorrowed(ArrayType.ACTIVATIONS)) {
            INDArray caps = inputs[0];
            mask = training
                    ? inputs[1].castTo(caps.dataType())
                    : longestCapsuleMask(caps.reshape('c', caps.size(0), capsules, capsuleDim));
            return apply(caps, mask);
        }
    }

    @Override
    public Pair<Gradient, INDArray[]> doBackward(boolean tbptt, LayerWorkspaceMgr workspaceMgr) {
        try (MemoryWorkspace ws = workspaceMgr.notifyScopeBorrowed(ArrayType.ACTIVATION_GRAD)) {
            INDArray gradCapsules = apply(epsilon, mask);
            INDArray gradLabels = inputs[1].ulike().assign(0);
            return new Pair<>(null, new INDArray[] {gradCapsules, gradLabels});
        }
    }

    @Override
    public String toString() {
        return "CapsuleMaskVertex(" + vertexName + ", " + capsules + "x" + capsuleDim + ")";
    }
}
