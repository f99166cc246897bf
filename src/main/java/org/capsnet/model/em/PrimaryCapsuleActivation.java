package org.capsnet.model.em;

import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.BaseActivationFunction;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The activation of the primary matrix capsules over groups of 17 consecutive outputs: the first 16 (the 4x4 pose)
 * stay linear, the 17th (the capsule's activation) goes through a sigmoid. A 1x1 convolution with B x 17 outputs
 * per position followed by this is the primary capsule layer. Input and output {@code [B, N*17]}.
 */
public class PrimaryCapsuleActivation extends BaseActivationFunction {
    private static final long serialVersionUID = 1L;
    /** Numbers per matrix capsule: 16 pose entries and one activation. */
    public static final int CAPSULE_SIZE = 17;

    private static INDArray activations(INDArray capsules) {
        return capsules.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.point(CAPSULE_SIZE - 1));
    }

    private static INDArray asCapsules(INDArray flat) {
        if (flat.size(1) % CAPSULE_SIZE != 0) {
            throw new IllegalArgumentException("matrix capsules need a multiple of 17 columns, got " + flat.size(1));
        }
        return flat.reshape('c', flat.size(0), flat.size(1) / CAPSULE_SIZE, CAPSULE_SIZE);
    }

    @Override
    public INDArray getActivation(INDArray in, boolean training) {
        INDArray out = in.dup('c');
        INDArray a = activations(asCapsules(out));
        a.assign(Transforms.sigmoid(a, true));
        return in.assign(out);
    }

    @Override
    public Pair<INDArray, INDArray> backprop(INDArray in, INDArray epsilon) {
        assertShape(in, epsilon);
        INDArray grad = epsilon.dup('c');
        INDArray s = Transforms.sigmoid(activations(asCapsules(in.dup('c'))), true);
        INDArray g = activations(asCapsules(grad));
        g.muli(s.mul(s.rsub(1.0)));
        return new Pair<>(grad, null);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PrimaryCapsuleActivation;
    }

    @Override
    public int hashCode() {
        return 17;
    }

    @Override
    public String toString() {
        return "primaryMatrixCapsules(16 linear + sigmoid)";
    }
}
