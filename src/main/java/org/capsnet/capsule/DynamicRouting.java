package org.capsnet.capsule;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.custom.SoftMax;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Routing-by-agreement (Procedure 1 of Sabour, Frosst and Hinton 2017), over a whole batch.
 *
 * <pre>
 * b = 0                               (for every example, on every call)
 * for r = 1..R:  c = softmax_j(b)     (over the PARENT axis j, for each child i)
 *                s_j = sum_i c_ij u_hat(j|i);  v_j = squash(s_j)
 *                b_ij += u_hat(j|i) . v_j    (not after the last iteration)
 * </pre>
 *
 * <p>Shapes: u_hat {@code [B, I, J, D]} (any strides); v {@code [B, J, D]}; c {@code [B, I, J]}.
 *
 * <p>The ND4J path (other backends) keeps b and c in a {@code [B, J, I]} layout and u_hat is read through the permuted view
 * {@code [B, J, I, D]}, so every contraction with u_hat (s_j, the agreements, and their gradients) is a batched
 * matrix-vector product over the B*J pairs, with no copy or broadcast temporary of u_hat's size.
 *
 * <p>Backward, full gradient: with g_b^{r+1} = dL/db^{r+1} (which is also dL/d(agreement^r)),
 * dL/du_hat = sum_r c^r (x) dL/ds^r + sum_{r<R} g_b^{r+1} (x) v^r, computed as one batched matmul;
 * dL/dv^r = sum_i g_b^{r+1} u_hat (r < R); dL/db^r = g_b^{r+1} + softmax'(sum_d u_hat dL/ds^r).
 * With {@code stopGradientInsideLoop}, u_hat is treated as a constant in every agreement (the community variant),
 * so c^R is a constant and dL/du_hat = c^R (x) dL/ds^R.
 */
public final class DynamicRouting {

    private final int iterations;
    private final boolean stopGradientInsideLoop;

    /** iterations >= 1; stopGradientInsideLoop false gives the full gradient through every iteration. */
    public DynamicRouting(int iterations, boolean stopGradientInsideLoop) {
        if (iterations < 1) {
            throw new IllegalArgumentException("iterations must be >= 1, got " + iterations);
        }
        this.iterations = iterations;
        this.stopGradientInsideLoop = stopGradientInsideLoop;
    }

    public int iterations() {
        return iterations;
    }

    public boolean stopGradientInsideLoop() {
        return stopGradientInsideLoop;
    }

    /**
     * Routes u_hat [B, I, J, D] to parent capsules v [B, J, D]: on the CPU backend with dense u_hat by
     * {@link HostRouting} (several times faster), elsewhere with ND4J ops.
     */
    public Result forward(INDArray uHat) {
        if (uHat.rank() != 4) {
            throw new IllegalArgumentException("uHat must be [B, I, J, D], got " + Arrays.toString(uHat.shape()));
        }
        return HostRouting.supports(uHat) ? HostRouting.forward(uHat, iterations) : forwardNd4j(uHat);
    }

    /** The forward pass as ND4J ops (every backend). */
    Result forwardNd4j(INDArray uHat) {
        long nb = uHat.size(0);
        long ni = uHat.size(1);
        long nj = uHat.size(2);
        long nd = uHat.size(3);
        INDArray u = uHat.permute(0, 2, 1, 3); // [B, J, I, D] view
        List<INDArray> cs = new ArrayList<>(iterations);
        List<INDArray> ss = new ArrayList<>(iterations);
        List<INDArray> vs = new ArrayList<>(iterations);
        List<INDArray[]> squashFactors = new ArrayList<>(iterations);
        INDArray logits = null; // b, [B, J, I]; null means 0
        for (int r = 0; r < iterations; r++) {
            INDArray c = logits == null
                    ? Nd4j.valueArrayOf(new long[] {nb, nj, ni}, 1.0 / nj, uHat.dataType())
                    : softmaxOverParents(logits);
            INDArray s = Nd4j.matmul(c.reshape(nb, nj, 1, ni), u).reshape(nb, nj, nd);
            INDArray[] squashed = Squash.forwardWithFactors(s);
            INDArray v = squashed[0];
            cs.add(c.permute(0, 2, 1)); // stored as [B, I, J]
            ss.add(s);
            vs.add(v);
            squashFactors.add(new INDArray[] {squashed[1], squashed[2]});
            if (r < iterations - 1) {
                // agreement[b, j, i] = v_j . u_hat(j|i), as [1, D] x [D, I] per (b, j)
                INDArray agreement = Nd4j.matmul(v.reshape(nb, nj, 1, nd), u, false, true, false)
                        .reshape(nb, nj, ni);
                logits = logits == null ? agreement : logits.add(agreement);
            }
        }
        return new Result(uHat, cs, ss, vs, squashFactors, false);
    }

    /** Returns dL/du_hat [B, I, J, D] (C-contiguous) given dL/dv [B, J, D], on the path its forward pass took. */
    public INDArray backward(Result result, INDArray gradV) {
        if (result.cs.size() != iterations) {
            throw new IllegalArgumentException(
                    "result has " + result.cs.size() + " iterations, routing has " + iterations);
        }
        Squash.requireSameShape(result.v(), gradV);
        return result.host ? HostRouting.backward(result, gradV, stopGradientInsideLoop) : backwardNd4j(result, gradV);
    }

    /** Whether {@link #backwardInto} can take this result: the Java path's, with u_hat in its child-minor layout. */
    public boolean backwardTakesRows(Result result) {
        INDArray uHat = result.uHat;
        return result.host
                && HostRouting.isChildMinor(uHat)
                && PredictionGradientRows.fits(uHat.size(0), uHat.size(2) * uHat.size(3), uHat.size(1));
    }

    /**
     * {@link #backward} writing dL/du_hat as [B][J*D][I] Java rows into {@code into}, for
     * {@link PredictionVectors#backward(INDArray, INDArray, PredictionGradientRows, INDArray, TransposedWeights)};
     * only where {@link #backwardTakesRows} holds.
     */
    public void backwardInto(Result result, INDArray gradV, PredictionGradientRows into) {
        if (result.cs.size() != iterations || !backwardTakesRows(result)) {
            throw new IllegalArgumentException("backwardInto takes a result of this routing's Java path (" + iterations
                    + " iterations, child-minor u_hat)");
        }
        Squash.requireSameShape(result.v(), gradV);
        HostRouting.backward(result, gradV, stopGradientInsideLoop, into);
    }

    /** The backward pass as ND4J ops, for a result of {@link #forwardNd4j}. */
    INDArray backwardNd4j(Result result, INDArray gradV) {
        INDArray uHat = result.uHat;
        gradV = gradV.castTo(uHat.dataType()); // no copy when the types agree
        long nb = uHat.size(0);
        long ni = uHat.size(1);
        long nj = uHat.size(2);
        long nd = uHat.size(3);
        INDArray u = uHat.permute(0, 2, 1, 3);
        List<INDArray> left = new ArrayList<>(); // each [B, J, I]
        List<INDArray> right = new ArrayList<>(); // each [B, J, D]
        int last = iterations - 1;
        INDArray gradLogitsNext = null; // dL/db^{r+1}, [B, J, I]
        for (int r = last; r >= 0; r--) {
            INDArray gradVr;
            if (r == last) {
                gradVr = gradV;
            } else {
                gradVr = Nd4j.matmul(gradLogitsNext.reshape(nb, nj, 1, ni), u).reshape(nb, nj, nd);
                left.add(gradLogitsNext);
                right.add(result.vs.get(r));
            }
            INDArray[] factors = result.squashFactors.get(r);
            INDArray gradS = Squash.backward(result.ss.get(r), gradVr, factors[0], factors[1]);
            INDArray c = result.cs.get(r).permute(0, 2, 1); // [B, J, I]
            left.add(c);
            right.add(gradS);
            if (stopGradientInsideLoop) {
                break; // c^R and earlier are constants
            }
            if (r > 0) { // b^1 = 0 is a constant
                INDArray gradC = Nd4j.matmul(gradS.reshape(nb, nj, 1, nd), u, false, true, false)
                        .reshape(nb, nj, ni);
                INDArray cg = c.mul(gradC);
                INDArray gradLogits = cg.subi(c.mul(cg.sum(true, 1))); // softmax backward over j
                gradLogitsNext = gradLogitsNext == null ? gradLogits : gradLogits.addi(gradLogitsNext);
            }
        }
        // dL/du_hat[b, i, j, :] = sum_k left_k[b, j, i] right_k[b, j, :]: one batched [I, K] x [K, D] matmul per
        // (b, j), written straight into the [B, J, I, D] view of the C-contiguous [B, I, J, D] result.
        INDArray lhs = Nd4j.stack(2, left.toArray(new INDArray[0])); // [B, J, K, I]
        INDArray rhs = Nd4j.stack(2, right.toArray(new INDArray[0])); // [B, J, K, D]
        INDArray gradUHat = Nd4j.createUninitialized(uHat.dataType(), nb, ni, nj, nd);
        Nd4j.matmul(lhs, rhs, gradUHat.permute(0, 2, 1, 3), true, false, false);
        return gradUHat;
    }

    /** softmax over axis 1 (the parents) of logits [B, J, I]. */
    private static INDArray softmaxOverParents(INDArray logits) {
        return Nd4j.exec(new SoftMax(logits, logits.ulike(), 1))[0];
    }

    /**
     * What one forward pass produced: the output, the coupling coefficients, and what backward needs (per-iteration
     * c, s and v, and a reference to u_hat itself: do not modify u_hat in place between forward and backward).
     */
    public static final class Result {
        final INDArray uHat;
        final List<INDArray> cs; // per iteration, [B, I, J] (c order from HostRouting, a permuted view otherwise)
        final List<INDArray> ss; // per iteration, [B, J, D]
        final List<INDArray> vs; // per iteration, [B, J, D]
        final List<INDArray[]> squashFactors; // per iteration, {f, 2 f'}, each [B, J, 1]
        final boolean host; // made by HostRouting: every array dense in c order

        Result(
                INDArray uHat,
                List<INDArray> cs,
                List<INDArray> ss,
                List<INDArray> vs,
                List<INDArray[]> squashFactors,
                boolean host) {
            this.host = host;
            this.uHat = uHat;
            this.cs = List.copyOf(cs);
            this.ss = List.copyOf(ss);
            this.vs = List.copyOf(vs);
            this.squashFactors = List.copyOf(squashFactors);
        }

        /** Parent capsules of the last iteration, [B, J, D]. */
        public INDArray v() {
            return vs.get(vs.size() - 1);
        }

        /** Coupling coefficients of the last iteration, [B, I, J] (possibly a permuted view). */
        public INDArray c() {
            return couplingCoefficients(cs.size() - 1);
        }

        /** Coupling coefficients of iteration r (0-based), [B, I, J] (possibly a permuted view). */
        public INDArray couplingCoefficients(int r) {
            return cs.get(r);
        }

        /** Total input s_j of iteration r (0-based), [B, J, D]. */
        public INDArray s(int r) {
            return ss.get(r);
        }

        /** Output v_j of iteration r (0-based), [B, J, D]. */
        public INDArray v(int r) {
            return vs.get(r);
        }

        public int iterations() {
            return cs.size();
        }
    }
}
