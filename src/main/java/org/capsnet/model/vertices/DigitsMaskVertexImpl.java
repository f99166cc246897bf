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
import org.nd4j.linalg.factory.Nd4j;

/**
 * Forward and backward of {@link DigitsMaskVertex}: {@code [B, J*D]} capsules and {@code [B, k*J]} masks to
 * {@code [k*B, J*D]}. Forward: {@code out[b*k + d, j, :] = v[b, j, :] * m[b, d, j]}; backward:
 * {@code dv[b, j, :] = sum_d eps[b*k + d, j, :] * m[b, d, j]}. The masks are constants: no gradient flows into them.
 */
public class DigitsMaskVertexImpl extends ParameterFreeVertex {
    private final int capsules;
    private final int capsuleDim;
    private final int digits;
    private INDArray mask;

    public DigitsMaskVertexImpl(
            ComputationGraph graph,
            String name,
            int vertexIndex,
            int capsules,
            int capsuleDim,
            int digits,
            DataType dataType) {
        super(graph, name, vertexIndex, dataType);
        this.capsules = capsules;
        this.capsuleDim = capsuleDim;
        this.digits = digits;
    }

    /**
     * Masks {@code [B, k*J]} of the k longest capsules of each example, longest first (ties: lower class first).
     * {@code capsules3d} {@code [B, J, D]}.
     */
    static INDArray longestCapsulesMask(INDArray capsules3d, int k) {
        double[][] lengths = CapsuleLength.forward(capsules3d).toDoubleMatrix();
        int classes = (int) capsules3d.size(1);
        INDArray mask = Nd4j.zeros(capsules3d.dataType(), capsules3d.size(0), (long) k * classes);
        for (int b = 0; b < lengths.length; b++) {
            boolean[] taken = new boolean[classes];
            for (int d = 0; d < k; d++) {
                int best = -1;
                for (int j = 0; j < classes; j++) {
                    if (!taken[j] && (best < 0 || lengths[b][j] > lengths[b][best])) {
                        best = j;
                    }
                }
                taken[best] = true;
                mask.putScalar(b, (long) d * classes + best, 1.0);
            }
        }
        return mask;
    }

    @Override
    public INDArray doForward(boolean training, LayerWorkspaceMgr workspaceMgr) {
        try (MemoryWorkspace ws = workspaceMgr.notifyScopeBorrowed(ArrayType.ACTIVATIONS)) {
            INDArray caps = inputs[0];
            long b = caps.size(0);
            if (training && inputs[1].size(1) != (long) digits * capsules) {
                throw new IllegalArgumentException("the label input of " + vertexName + " must be [B, "
                        + digits * capsules + "], got " + java.util.Arrays.toString(inputs[1].shape()));
            }
            mask = training
                    ? inputs[1].castTo(caps.dataType())
                    : longestCapsulesMask(caps.reshape('c', b, capsules, capsuleDim), digits);
            INDArray caps4d = caps.reshape('c', b, 1, capsules, capsuleDim);
            INDArray mask4d = mask.reshape('c', b, digits, capsules, 1);
            INDArray out = Nd4j.create(caps.dataType(), b, digits, capsules, capsuleDim);
            for (int d = 0; d < digits; d++) {
                out.slice(d, 1).assign(caps4d.slice(0, 1).mul(mask4d.slice(d, 1)));
            }
            return out.reshape('c', b * digits, (long) capsules * capsuleDim);
        }
    }

    @Override
    public Pair<Gradient, INDArray[]> doBackward(boolean tbptt, LayerWorkspaceMgr workspaceMgr) {
        try (MemoryWorkspace ws = workspaceMgr.notifyScopeBorrowed(ArrayType.ACTIVATION_GRAD)) {
            long b = inputs[0].size(0);
            INDArray eps4d = epsilon.reshape('c', b, digits, capsules, capsuleDim);
            INDArray mask4d = mask.reshape('c', b, digits, capsules, 1);
            INDArray grad = Nd4j.zeros(inputs[0].dataType(), b, capsules, capsuleDim);
            for (int d = 0; d < digits; d++) {
                grad.addi(eps4d.slice(d, 1).mul(mask4d.slice(d, 1)));
            }
            INDArray gradLabels = inputs[1].ulike().assign(0);
            return new Pair<>(null, new INDArray[] {grad.reshape('c', inputs[0].shape()), gradLabels});
        }
    }

    @Override
    public String toString() {
        return "DigitsMaskVertex(" + vertexName + ", " + capsules + "x" + capsuleDim + ", " + digits + " digits)";
    }
}
