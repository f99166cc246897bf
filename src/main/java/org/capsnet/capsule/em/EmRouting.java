package org.capsnet.capsule.em;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.custom.SoftMax;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * EM routing (Hinton, Sabour and Frosst, ICLR 2018, Procedure 1) over N independent groups of I children and J
 * parents, with a hand-written backward pass through every iteration.
 *
 * <pre>
 * r_ij = 1/J
 * for t = 1..T:
 *   M-step  r'_ij = r_ij a_i;  R_j = sum_i r'_ij;  w_ij = r'_ij / (R_j + epsR)
 *           mu_jh = sum_i w_ij V_ijh;  var_jh = sum_i w_ij (V_ijh - mu_jh)^2 + eps     (variance floor)
 *           Rn_j = J R_j / (sum_i a_i + epsR)                                           (data share, mean 1)
 *           u_j = sum_h (beta_v_j + 0.5 log var_jh);  cost_j = Rn_j (u_j - mean_j' u_j')  (centred over parents)
 *           a_j = sigmoid(lambda_t (beta_a_j - cost_j))
 *   E-step  (t &lt; T) log p_ij = sum_h [ -(V_ijh - mu_jh)^2 / (2 var_jh) - 0.5 log var_jh ]
 *           r_ij = softmax_j(log a_j + log p_ij)                                        (over PARENTS j)
 * </pre>
 *
 * <p>Normalisation of the data assigned to a parent (Gritzman 2019): the Gaussian's mean and variance use the
 * weights r'_ij normalised per parent (w_ij sums to one over i), and the cost is scaled by the parent's share of the
 * total child activation relative to an even share, {@code Rn_j}, so the cost does not grow with the number of
 * children (otherwise the logistic saturates in layers with many children) and a parent with little data has a
 * small cost. sum_j Rn_j = J.
 *
 * <p>Centred cost (a departure from the paper): u_j is taken relative to its mean over the J parents of the group,
 * so the activations do not depend on the overall scale of the poses. Without it, the means of many nearly
 * independent votes shrink layer by layer (pose std 0.17, 0.04, 0.007 in primary, C and D capsules of an untrained
 * network), every variance sits near the floor, every cost is very negative and every activation saturates at 1
 * (measured: all class activations 0.94-1.0, spread loss stuck, accuracy at chance). With centring a parent is
 * active when its Gaussian fits its data better than the other parents' fit theirs. The constant -8 log(2 pi) of the log likelihood cancels in the softmax and is
 * left out. Everything stays in the log domain (log a_j = log-sigmoid, computed stably; softmax subtracts the
 * maximum), so float32 does not underflow for poorly fitting parents.
 *
 * <p>Inverse temperature: lambda_t = lambda (1 - 0.95^t) / (1 - 0.95^T), increasing over the iterations and
 * equal to {@code lambda} at the last one.
 *
 * <p>Shapes: votes V {@code [N, I, J, H]} (H = 16 for 4x4 poses), child activations {@code [N, I]}, beta_v and
 * beta_a of length J (one per parent type); outputs pose {@code [N, J, H]} (the means) and activation
 * {@code [N, J]}. Backward returns the gradients of V, the child activations and the two betas.
 */
public final class EmRouting {
    /** Variance floor added to every per-dimension variance. */
    public static final double VARIANCE_FLOOR = 1e-4;
    /** Added to data amounts before dividing by them (a parent or a group with no active children). */
    public static final double AMOUNT_EPS = 1e-6;

    private final int iterations;
    private final double lambda;

    public EmRouting(int iterations, double lambda) {
        if (iterations < 1) {
            throw new IllegalArgumentException("iterations must be >= 1, got " + iterations);
        }
        if (!(lambda > 0)) {
            throw new IllegalArgumentException("inverse temperature must be positive, got " + lambda);
        }
        this.iterations = iterations;
        this.lambda = lambda;
    }

    public int iterations() {
        return iterations;
    }

    /** Inverse temperature of iteration t (0-based). */
    public double lambda(int t) {
        return lambda * (1 - Math.pow(0.95, t + 1)) / (1 - Math.pow(0.95, iterations));
    }

    public Result forward(INDArray votes, INDArray childActivations, INDArray betaV, INDArray betaA) {
        if (votes.rank() != 4
                || childActivations.rank() != 2
                || childActivations.size(0) != votes.size(0)
                || childActivations.size(1) != votes.size(1)) {
            throw new IllegalArgumentException("expected votes [N, I, J, H] and activations [N, I], got "
                    + Arrays.toString(votes.shape()) + " and " + Arrays.toString(childActivations.shape()));
        }
        long n = votes.size(0);
        long ni = votes.size(1);
        long nj = votes.size(2);
        long nh = votes.size(3);
        if (betaV.length() != nj || betaA.length() != nj) {
            throw new IllegalArgumentException(
                    "beta_v and beta_a must have " + nj + " entries, got " + betaV.length() + " and " + betaA.length());
        }
        INDArray bv = betaV.reshape(1, nj).castTo(votes.dataType());
        INDArray ba = betaA.reshape(1, nj).castTo(votes.dataType());
        INDArray a = childActivations.castTo(votes.dataType());
        INDArray a3 = a.reshape(n, ni, 1);
        INDArray total = a.sum(true, 1).addi(AMOUNT_EPS); // [N, 1]
        List<Step> steps = new ArrayList<>(iterations);
        INDArray r = Nd4j.valueArrayOf(new long[] {n, ni, nj}, 1.0 / nj, votes.dataType());
        for (int t = 0; t < iterations; t++) {
            Step s = new Step();
            s.r = r;
            INDArray rp = r.mul(a3); // [N, I, J]
            s.amount = rp.sum(1); // R, [N, J]
            s.den = s.amount.add(AMOUNT_EPS);
            s.w = rp.divi(s.den.reshape(n, 1, nj));
            // Sums over the children as batched [1, I] x [I, H] matmuls per (group, parent), reading the votes
            // through their permuted view [N, J, I, H]: no broadcast temporary of the votes' size.
            INDArray wRows = s.w.permute(0, 2, 1).dup('c').reshape(n, nj, 1, ni);
            s.mu = Nd4j.matmul(wRows, votes.permute(0, 2, 1, 3)).reshape(n, nj, nh); // [N, J, H]
            INDArray dif = votes.sub(s.mu.reshape(n, 1, nj, nh));
            INDArray sq = dif.muli(dif); // (V - mu)^2, in place
            s.var = Nd4j.matmul(wRows, sq.permute(0, 2, 1, 3))
                    .reshape(n, nj, nh)
                    .addi(VARIANCE_FLOOR);
            INDArray logSigma = Transforms.log(s.var, true).muli(0.5);
            s.share = s.amount.mul(nj).diviColumnVector(total); // Rn, [N, J]
            INDArray perUnit = logSigma.sum(2).addiRowVector(bv.mul(nh)); // sum_h (beta_v + log sigma), [N, J]
            s.centred = perUnit.subiColumnVector(perUnit.mean(true, 1)); // minus its mean over the parents
            INDArray cost = s.centred.mul(s.share);
            s.z = cost.rsubiRowVector(ba).muli(lambda(t)); // lambda (beta_a - cost)
            s.activation = Transforms.sigmoid(s.z, true);
            steps.add(s);
            if (t < iterations - 1) {
                INDArray logP = sumAndFree(sq.divi(s.var.reshape(n, 1, nj, nh)), 3)
                        .muli(-0.5)
                        .subi(logSigma.sum(true, 2).reshape(n, 1, nj)); // [N, I, J]
                INDArray logits = logP.addi(logSigmoid(s.z).reshape(n, 1, nj));
                r = Nd4j.exec(new SoftMax(logits, logits.ulike(), 2))[0];
            } else {
                free(sq);
            }
        }
        return new Result(votes, a, total, bv, steps);
    }

    /**
     * Returns {dL/dV [N, I, J, H], dL/da_in [N, I], dL/dbeta_v [J], dL/dbeta_a [J]} given dL/dpose [N, J, H] and
     * dL/dactivation [N, J] of the output (either may be null for zero).
     */
    public INDArray[] backward(Result res, INDArray gradPose, INDArray gradActivation) {
        INDArray votes = res.votes;
        long n = votes.size(0);
        long ni = votes.size(1);
        long nj = votes.size(2);
        long nh = votes.size(3);
        INDArray a3 = res.childActivations.reshape(n, ni, 1);
        INDArray gV = Nd4j.zeros(votes.dataType(), n, ni, nj, nh);
        INDArray gIn = Nd4j.zeros(votes.dataType(), n, ni);
        INDArray gBetaV = Nd4j.zeros(votes.dataType(), nj);
        INDArray gBetaA = Nd4j.zeros(votes.dataType(), nj);
        INDArray gTotal = Nd4j.zeros(votes.dataType(), n, 1);
        INDArray gR = null; // dL/dr^{t+1}
        for (int t = iterations - 1; t >= 0; t--) {
            Step s = res.steps.get(t);
            boolean last = t == iterations - 1;
            INDArray dif = votes.sub(s.mu.reshape(n, 1, nj, nh)); // [N, I, J, H]
            INDArray var4 = s.var.reshape(n, 1, nj, nh);
            INDArray gMu = last && gradPose != null
                    ? gradPose.castTo(votes.dataType()).reshape(n, nj, nh).dup()
                    : Nd4j.zeros(votes.dataType(), n, nj, nh);
            INDArray gVar = Nd4j.zeros(votes.dataType(), n, nj, nh);
            INDArray gLogA = Nd4j.zeros(votes.dataType(), n, nj);
            if (!last) {
                // E-step t produced r^{t+1} = softmax_j(log a_j + log p_ij)
                INDArray r1 = res.steps.get(t + 1).r;
                INDArray gLogits = r1.mul(gR.sub(r1.mul(gR).sum(true, 2))); // [N, I, J]
                gLogA.addi(gLogits.sum(1));
                INDArray g4 = gLogits.reshape(n, ni, nj, 1);
                INDArray q = dif.div(var4); // (V - mu) / var
                INDArray gq = q.mul(g4);
                gMu.addi(gq.sum(1));
                gVar.addi(sumAndFree(gq.muli(q), 1).muli(0.5))
                        .subi(s.var.rdiv(0.5).muli(gLogits.sum(1).reshape(n, nj, 1)));
                gV.subi(q.muli(g4));
                free(q);
            }
            // M-step t
            INDArray act = s.activation;
            INDArray gz = gLogA.mul(act.rsub(1.0)); // d log-sigmoid / dz = 1 - a
            if (last && gradActivation != null) {
                gz.addi(gradActivation
                        .castTo(votes.dataType())
                        .reshape(n, nj)
                        .mul(act)
                        .muli(act.rsub(1.0)));
            }
            double lam = lambda(t);
            gBetaA.addi(gz.sum(0).muli(lam));
            INDArray gCost = gz.mul(-lam); // [N, J]
            INDArray gShare = gCost.mul(s.centred);
            INDArray gPerUnit = gCost.mul(s.share);
            gPerUnit.subiColumnVector(gPerUnit.mean(true, 1)); // through the centring
            gBetaV.addi(gPerUnit.sum(0).muli(nh));
            gVar.addi(s.var.rdiv(0.5).muli(gPerUnit.reshape(n, nj, 1))); // d(0.5 log var)
            INDArray gAmount = gShare.mul(nj).diviColumnVector(res.total);
            gTotal.subi(gShare.mul(s.share).sum(true, 1).divi(res.total));
            // var = sum_i w (V - mu)^2 + eps and mu = sum_i w V (mu's gradient first takes var's share)
            INDArray w4 = s.w.reshape(n, ni, nj, 1);
            INDArray gVar4 = gVar.reshape(n, 1, nj, nh);
            gMu.subi(sumAndFree(dif.mul(w4), 1).muli(gVar).muli(2.0));
            INDArray gMu4 = gMu.reshape(n, 1, nj, nh);
            INDArray gW = sumAndFree(dif.mul(dif).muli(gVar4), 3).addi(sumAndFree(votes.mul(gMu4), 3)); // [N, I, J]
            gV.addi(dif.muli(gVar4).muli(2.0).addi(gMu4).muli(w4));
            free(dif);
            // w = r' / (R + epsR), R = sum_i r'
            gAmount.subi(gW.mul(s.w).sum(1).divi(s.den));
            INDArray gRp = gW.divi(s.den.reshape(n, 1, nj)).addi(gAmount.reshape(n, 1, nj));
            // r' = r a
            gIn.addi(gRp.mul(s.r).sum(2));
            gR = t > 0 ? gRp.muli(a3) : null;
        }
        gIn.addi(gTotal); // total = sum_i a_i + epsR
        return new INDArray[] {gV, gIn, gBetaV, gBetaA};
    }

    /**
     * Sum over {@code dim}, then release the summed array's memory at once: the temporaries of the votes' size
     * (hundreds of MB for convolutional capsules at batch 32) would otherwise wait for the garbage collector.
     */
    private static INDArray sumAndFree(INDArray big, int dim) {
        INDArray sum = big.sum(dim);
        free(big);
        return sum;
    }

    /** Releases x's memory now when it owns it (not a view, not in a workspace). */
    public static void free(INDArray x) {
        if (x != null && x.closeable()) {
            x.close();
        }
    }

    /** log(sigmoid(z)) = min(z, 0) - log(1 + exp(-|z|)), without overflow. */
    static INDArray logSigmoid(INDArray z) {
        INDArray soft = Transforms.log(
                Transforms.exp(Transforms.abs(z, true).negi(), false).addi(1.0), false);
        return Transforms.min(z, 0.0, true).subi(soft);
    }

    /** Per-iteration state kept for backward (all small: no array of the votes' size). */
    private static final class Step {
        INDArray r; // assignments used by this M-step, [N, I, J]
        INDArray amount; // R, [N, J]
        INDArray den; // R + epsR, [N, J]
        INDArray w; // r a / den, [N, I, J]
        INDArray mu; // [N, J, H]
        INDArray var; // [N, J, H]
        INDArray share; // Rn, [N, J]
        INDArray centred; // sum_h (beta_v + log sigma) minus its mean over parents, [N, J]
        INDArray z; // [N, J]
        INDArray activation; // [N, J]
    }

    /** What one forward pass produced; keeps a reference to the votes (do not modify them before backward). */
    public static final class Result {
        private final INDArray votes;
        private final INDArray childActivations;
        private final INDArray total;
        private final INDArray betaV;
        private final List<Step> steps;

        private Result(INDArray votes, INDArray childActivations, INDArray total, INDArray betaV, List<Step> steps) {
            this.votes = votes;
            this.childActivations = childActivations;
            this.total = total;
            this.betaV = betaV;
            this.steps = List.copyOf(steps);
        }

        /** Releases the votes' memory now (after backward, or when backward will not be called). */
        public void free() {
            EmRouting.free(votes);
        }

        /** Parent poses (the Gaussians' means of the last M-step), [N, J, H]. */
        public INDArray pose() {
            return steps.get(steps.size() - 1).mu;
        }

        /** Parent activations of the last M-step, [N, J]. */
        public INDArray activation() {
            return steps.get(steps.size() - 1).activation;
        }

        /** Assignment probabilities r_ij used by the last M-step, [N, I, J] (1/J everywhere with one iteration). */
        public INDArray assignments() {
            return steps.get(steps.size() - 1).r;
        }
    }
}
