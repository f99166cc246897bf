package org.capsnet.capsule;

import java.nio.FloatBuffer;
import org.capsnet.host.FloatRows;
import org.capsnet.host.HostLoops;
import org.capsnet.host.TermRows;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@link PredictionVectors} as Java loops for float32 arrays on the CPU backend, producing u_hat in the layout that
 * {@link HostRouting} reads without a transpose: a dense [B, J, D, I] array (a row of the I children per example,
 * parent and coordinate), handed out as its [B, I, J, D] view.
 *
 * <p>Why. The ND4J formulation is I = 1152 tiny [B x Din] x [Din x J*D] gemms (12 ms forward at B=32), and its
 * [B, I, J, D] output had to be transposed per example for the routing. Here, with W transposed once per call to
 * [Din][J*D][I], every product is an elementwise multiply-add of rows of I floats ({@link FloatRows}): u_hat's row
 * (b, jd) is {@code sum_k W^T[k][jd] * u^T[b][k]}.
 *
 * <p>Work is split over rows (j, d) for u_hat and dL/dW, each summing over the examples in order, and over examples
 * for dL/du, so results do not depend on the thread count.
 */
final class HostPredictionVectors {
    private static final int ROW = 0; // HostLoops.floats slots
    private static final int GRAD_CHILDREN = 1;
    private static final int GRAD_CHILDREN_T = 2;
    private static final int ROWS_PER_GROUP = 16;
    private static final int BLOCK = TermRows.BLOCK;

    // Large arrays of the calling thread, reused across calls (megabytes per call otherwise grew the heap and RSS);
    // the per-example work on the pool threads only reads them.
    private static final ThreadLocal<float[][]> CALLER_ARRAYS = ThreadLocal.withInitial(() -> new float[2][]);
    private static final int CHILDREN_T = 0;
    private static final int GRAD_WEIGHTS_T = 1;

    private HostPredictionVectors() {}

    private static float[] callerArray(int slot, int length) {
        float[][] arrays = CALLER_ARRAYS.get();
        if (arrays[slot] == null || arrays[slot].length < length) {
            arrays[slot] = new float[length];
        }
        return arrays[slot];
    }

    /**
     * Float32 dense arrays on the CPU backend, with SIMD rows: as scalar loops (no Vector API module) this is slower
     * than ND4J's batched matmuls (25 against 12 ms forward at B=32), so those run instead.
     */
    static boolean supports(INDArray u, INDArray W) {
        return FloatRows.simd()
                && u.dataType() == DataType.FLOAT
                && W.dataType() == DataType.FLOAT
                && HostLoops.supports(u, W);
    }

    /**
     * u_hat as the [B, I, J, D] view of a dense [B, J, D, I] array, for u [B, I, Din] and W [I, Din, J*D]; leaves W's
     * transpose in {@code transposed} for the backward.
     */
    static INDArray forward(INDArray u, INDArray W, int parents, int parentDim, TransposedWeights transposed) {
        int nb = (int) u.size(0);
        int ni = (int) u.size(1);
        int nk = (int) u.size(2);
        int rows = parents * parentDim;
        float[] wt = transposed.transpose(W, ni, nk * rows);
        float[] ut = transposedChildren(u, nb, ni, nk);
        INDArray out = Nd4j.createUninitialized(DataType.FLOAT, nb, parents, parentDim, ni);
        // Rows in groups: four examples' u^T (Din rows each) stay in L2 while the group's rows of W^T meet them.
        int groups = (rows + ROWS_PER_GROUP - 1) / ROWS_PER_GROUP;
        HostLoops.forEachExample(groups, group -> {
            float[] products = HostLoops.floats(ROW, BLOCK * BLOCK * ni); // [example][row] of a block
            FloatBuffer uHat = HostLoops.floatBuffer(out); // one buffer view for the group's thousands of rows
            int last = Math.min(rows, (group + 1) * ROWS_PER_GROUP);
            for (int b = 0; b < nb; b += BLOCK) { // u_hat[b][jd] = sum_k u^T[b][k] W^T[k][jd], 4 x 4 at a time
                TermRows children = new TermRows(ut, b * nk * ni, nk * ni, ni, Math.min(BLOCK, nb - b));
                for (int jd = group * ROWS_PER_GROUP; jd < last; jd += BLOCK) {
                    TermRows weights = new TermRows(wt, jd * ni, ni, rows * ni, Math.min(BLOCK, last - jd));
                    FloatRows.sumsOfProducts(children, weights, nk, products, 0, BLOCK * ni, ni, ni);
                    for (int e = 0; e < children.rows(); e++) {
                        for (int c = 0; c < weights.rows(); c++) {
                            int at = (int) (out.offset() + ((long) (b + e) * rows + jd + c) * ni);
                            uHat.put(at, products, (e * BLOCK + c) * ni, ni);
                        }
                    }
                }
            }
        });
        return HostRouting.childrenFirstView(out);
    }

    /**
     * dL/du [B, I, Din] given dL/du_hat [B, I, J, D] (any layout; child-minor is fastest); writes dL/dW [I, Din, J*D]
     * into {@code gradW}, a dense float array (DL4J's gradient view), without an intermediate copy. Reads W's
     * transpose from {@code transposed} when its forward left it there.
     */
    static INDArray backward(INDArray u, INDArray W, INDArray gradUHat, INDArray gradW, TransposedWeights transposed) {
        int nb = (int) u.size(0);
        int ni = (int) u.size(1);
        int rows = (int) (gradUHat.size(2) * gradUHat.size(3));
        INDArray g = HostRouting.isChildMinor(gradUHat)
                ? gradUHat.permute(0, 2, 3, 1)
                : gradUHat.permute(0, 2, 3, 1).dup('c');
        PredictionGradientRows gradRows = new PredictionGradientRows();
        HostLoops.read(g, 0, gradRows.reset(nb, rows, ni), nb * rows * ni);
        return backward(u, W, gradRows, gradW, transposed);
    }

    /** {@link #backward(INDArray, INDArray, INDArray, INDArray, TransposedWeights)} from dL/du_hat's rows. */
    static INDArray backward(
            INDArray u, INDArray W, PredictionGradientRows gradUHat, INDArray gradW, TransposedWeights transposed) {
        int nb = (int) u.size(0);
        int ni = (int) u.size(1);
        int nk = (int) u.size(2);
        int rows = gradUHat.rowsPerExample();
        float[] g = gradUHat.values(); // [B][J*D][I]
        float[] wt = transposed.of(W, ni, nk * rows);
        float[] ut = transposedChildren(u, nb, ni, nk);
        INDArray gradU = Nd4j.createUninitialized(DataType.FLOAT, nb, ni, nk);
        int block = rows * ni;
        // dL/du^T[b][k] = sum_jd dL/du_hat[b][jd] * W^T[k][jd], four examples per pass over W^T (5.9 MB, in L3).
        HostLoops.forEachExample((nb + BLOCK - 1) / BLOCK, part -> {
            int b0 = BLOCK * part;
            float[] gut = HostLoops.floats(GRAD_CHILDREN_T, BLOCK * nk * ni);
            TermRows grads = new TermRows(g, b0 * block, block, ni, Math.min(BLOCK, nb - b0));
            for (int k = 0; k < nk; k += BLOCK) {
                TermRows weights = new TermRows(wt, k * block, block, ni, Math.min(BLOCK, nk - k));
                FloatRows.sumsOfProducts(grads, weights, rows, gut, k * ni, nk * ni, ni, ni);
            }
            float[] gu = HostLoops.floats(GRAD_CHILDREN, nk * ni);
            for (int e = 0; e < grads.rows(); e++) {
                FloatRows.transpose(gut, e * nk * ni, nk, ni, gu, 0);
                HostLoops.write(gu, gradU, (long) (b0 + e) * ni * nk, ni * nk);
            }
        });
        float[] gradWt = callerArray(GRAD_WEIGHTS_T, nk * rows * ni); // [Din][J*D][I], every element written
        // dL/dW^T[k][jd] = sum_b u^T[b][k] * dL/du_hat[b][jd], four rows jd per pass over u^T.
        HostLoops.forEachExample((rows + BLOCK - 1) / BLOCK, part -> {
            int jd0 = BLOCK * part;
            TermRows grads = new TermRows(g, jd0 * ni, ni, block, Math.min(BLOCK, rows - jd0));
            for (int k = 0; k < nk; k += BLOCK) {
                TermRows children = new TermRows(ut, k * ni, ni, nk * ni, Math.min(BLOCK, nk - k));
                FloatRows.sumsOfProducts(children, grads, nb, gradWt, (k * rows + jd0) * ni, rows * ni, ni, ni);
            }
        });
        HostLoops.transposeInParallel(
                FloatBuffer.wrap(gradWt), 0, nk * rows, ni, HostLoops.floatBuffer(gradW), (int) gradW.offset());
        return gradU;
    }

    /** u [B, I, Din] as [B][Din][I]. */
    private static float[] transposedChildren(INDArray u, int nb, int ni, int nk) {
        float[] flat = HostLoops.floats(ROW, nb * ni * nk); // read here, before the pool threads use the slot
        HostLoops.read(u, 0, flat, nb * ni * nk);
        float[] ut = callerArray(CHILDREN_T, nb * ni * nk);
        for (int b = 0; b < nb; b++) {
            FloatRows.transpose(flat, b * ni * nk, ni, nk, ut, b * ni * nk);
        }
        return ut;
    }
}
