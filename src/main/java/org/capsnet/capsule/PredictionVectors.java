package org.capsnet.capsule;

import org.capsnet.host.HostLoops;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Prediction vectors {@code u_hat(j|i) = W_ij u_i} for every child i and parent j: for float32 on the CPU backend
 * by {@link HostPredictionVectors} (u_hat then a [B, I, J, D] view of a dense [B, J, D, I] array, the layout
 * {@link HostRouting} reads), elsewhere as one batched matmul over i (u_hat dense [B, I, J, D]).
 *
 * <p>Shapes: u {@code [B, I, Din]}; W {@code [I, Din, J*Dout]} (W[i, :, j*Dout:(j+1)*Dout] is W_ij transposed);
 * u_hat {@code [B, I, J, Dout]}. The matmuls read and write strided views ({@code [I, B, .]}), so
 * no permuted copy of the large tensors is made.
 */
public final class PredictionVectors {

    private PredictionVectors() {}

    /** Returns u_hat [B, I, J, Dout]. */
    public static INDArray forward(INDArray u, INDArray W, int numParents, int parentDim) {
        return forward(u, W, numParents, parentDim, new TransposedWeights());
    }

    /**
     * Returns u_hat [B, I, J, Dout]; the float32 CPU path leaves W's transpose in {@code transposed}, which the
     * caller (a layer) hands to the backward that follows.
     */
    public static INDArray forward(
            INDArray u, INDArray W, int numParents, int parentDim, TransposedWeights transposed) {
        checkShapes(u, W);
        long b = u.size(0);
        long i = u.size(1);
        if ((long) numParents * parentDim != W.size(2)) {
            throw new IllegalArgumentException(
                    "W's last axis " + W.size(2) + " != numParents * parentDim = " + numParents + " * " + parentDim);
        }
        return HostPredictionVectors.supports(u, W)
                ? HostPredictionVectors.forward(u, W, numParents, parentDim, transposed)
                : forwardNd4j(u, W, numParents, parentDim);
    }

    /** The forward pass as one batched ND4J matmul (every backend): u_hat dense [B, I, J, Dout]. */
    static INDArray forwardNd4j(INDArray u, INDArray W, int numParents, int parentDim) {
        long b = u.size(0);
        long i = u.size(1);
        INDArray out = Nd4j.createUninitialized(u.dataType(), b, i, W.size(2));
        // For each i: [B, Din] x [Din, J*Dout], written straight into out[:, i, :].
        Nd4j.matmul(u.permute(1, 0, 2), W, out.permute(1, 0, 2), false, false, false);
        return out.reshape(b, i, numParents, parentDim);
    }

    /** Returns {gradU [B, I, Din], gradW [I, Din, J*Dout]} given dL/du_hat [B, I, J, Dout]. */
    public static INDArray[] backward(INDArray u, INDArray W, INDArray gradUHat) {
        INDArray gradW = Nd4j.createUninitialized(W.dataType(), W.shape());
        return new INDArray[] {backward(u, W, gradUHat, gradW), gradW};
    }

    /**
     * Returns dL/du [B, I, Din] given dL/du_hat [B, I, J, Dout], and writes dL/dW [I, Din, J*Dout] into {@code gradW}
     * (a layer's gradient view: the float32 CPU path writes it in place, with no intermediate array).
     */
    public static INDArray backward(INDArray u, INDArray W, INDArray gradUHat, INDArray gradW) {
        return backward(u, W, gradUHat, gradW, new TransposedWeights());
    }

    /**
     * {@link #backward(INDArray, INDArray, INDArray, INDArray)} reusing the transpose of W that the forward left in
     * {@code transposed} (it transposes W itself when that was of another W).
     */
    public static INDArray backward(
            INDArray u, INDArray W, INDArray gradUHat, INDArray gradW, TransposedWeights transposed) {
        checkShapes(u, W);
        long b = u.size(0);
        long i = u.size(1);
        if (gradUHat.rank() != 4
                || gradUHat.size(0) != b
                || gradUHat.size(1) != i
                || gradUHat.size(2) * gradUHat.size(3) != W.size(2)) {
            throw new IllegalArgumentException("gradUHat must be [" + b + ", " + i + ", J, Dout] with J*Dout = "
                    + W.size(2) + ", got " + java.util.Arrays.toString(gradUHat.shape()));
        }
        if (!java.util.Arrays.equals(gradW.shape(), W.shape())) {
            throw new IllegalArgumentException("gradW must be shaped like W " + java.util.Arrays.toString(W.shape())
                    + ", got " + java.util.Arrays.toString(gradW.shape()));
        }
        if (HostPredictionVectors.supports(u, W)
                && gradUHat.dataType() == u.dataType()
                && gradW.dataType() == W.dataType()
                && HostLoops.supports(gradW)) {
            return HostPredictionVectors.backward(u, W, gradUHat, gradW, transposed);
        }
        INDArray[] grads = backwardNd4j(u, W, gradUHat);
        gradW.assign(grads[1]);
        return grads[0];
    }

    /**
     * Whether {@link #backward(INDArray, INDArray, PredictionGradientRows, INDArray, TransposedWeights)} can take
     * these arrays (the float32 CPU path, with a dense gradient view).
     */
    public static boolean backwardTakesRows(INDArray u, INDArray W, INDArray gradW) {
        return HostPredictionVectors.supports(u, W) && gradW.dataType() == W.dataType() && HostLoops.supports(gradW);
    }

    /**
     * {@link #backward(INDArray, INDArray, INDArray, INDArray, TransposedWeights)} given dL/du_hat as the Java rows
     * that {@link DynamicRouting#backwardInto} wrote; only where {@link #backwardTakesRows} holds.
     */
    public static INDArray backward(
            INDArray u, INDArray W, PredictionGradientRows gradUHat, INDArray gradW, TransposedWeights transposed) {
        checkShapes(u, W);
        if (!backwardTakesRows(u, W, gradW)
                || gradUHat.examples() != u.size(0)
                || gradUHat.children() != u.size(1)
                || gradUHat.rowsPerExample() != W.size(2)
                || !java.util.Arrays.equals(gradW.shape(), W.shape())) {
            throw new IllegalArgumentException("dL/du_hat rows of " + gradUHat.examples() + " examples x "
                    + gradUHat.rowsPerExample() + " x " + gradUHat.children() + " do not fit u "
                    + java.util.Arrays.toString(u.shape()) + ", W " + java.util.Arrays.toString(W.shape())
                    + " and dL/dW " + java.util.Arrays.toString(gradW.shape()) + " on the float32 CPU path");
        }
        return HostPredictionVectors.backward(u, W, gradUHat, gradW, transposed);
    }

    /** The backward pass as batched ND4J matmuls (every backend). */
    static INDArray[] backwardNd4j(INDArray u, INDArray W, INDArray gradUHat) {
        long b = u.size(0);
        long i = u.size(1);
        INDArray g = gradUHat.reshape(b, i, W.size(2)).permute(1, 0, 2); // [I, B, J*Dout] view
        INDArray gradU = Nd4j.createUninitialized(u.dataType(), b, i, u.size(2));
        Nd4j.matmul(g, W, gradU.permute(1, 0, 2), false, true, false); // [I,B,JD] x [I,JD,Din]
        INDArray gradW = Nd4j.matmul(u.permute(1, 0, 2), g, true, false, false); // [I,Din,B] x [I,B,JD]
        return new INDArray[] {gradU, gradW};
    }

    private static void checkShapes(INDArray u, INDArray W) {
        if (u.rank() != 3 || W.rank() != 3 || u.size(1) != W.size(0) || u.size(2) != W.size(1)) {
            throw new IllegalArgumentException("expected u [B, I, Din] and W [I, Din, J*Dout], got u "
                    + java.util.Arrays.toString(u.shape()) + " and W " + java.util.Arrays.toString(W.shape()));
        }
        if (u.dataType() != W.dataType()) {
            throw new IllegalArgumentException("u is " + u.dataType() + " but W is " + W.dataType());
        }
    }
}
