package org.capsnet.capsule.em;

import java.util.Arrays;
import org.capsnet.host.HostLoops;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Votes ({@link MatrixVotes}) and EM routing ({@link EmRouting}) of matrix capsules as Java loops over one group at a
 * time, forward and backward, for the CPU backend.
 *
 * <p>Why. In the ND4J formulation the votes [N, I, J, 16] and several temporaries of their size are materialised
 * and swept by dozens of small broadcast ops per iteration; that made the convolutional capsule layers most of the
 * em-capsnet's training step and its memory. Here one group's votes (at most a few MB as doubles) are computed into
 * a per-thread scratch array, routed while in cache, and recomputed in backward from the poses instead of being
 * kept: nothing of the votes' size reaches ND4J.
 *
 * <p>Shapes: poses {@code [N, I, 4, 4]} (or [N, I, 16]), child activations {@code [N, I]}, transformations W
 * {@code [T, 4, J, 4]} where child i uses W[i mod T] (T = I for a convolutional capsule layer, T = the capsule types
 * for the class capsules, whose children are position-major), optional constant vote offsets {@code [I*16]}
 * (coordinate addition). Groups are numbered example-major, {@code groupsPerExample} per example: an example's
 * groups are computed by one thread, the transformations' gradient is summed per chunk of examples and the chunks
 * reduced in order, so results depend on the ND4J thread count only through that order. Sums run in double; saved
 * state and outputs are stored in the poses' type.
 */
public final class HostMatrixRouting {
    private static final ThreadLocal<EmGroupRouting[]> GROUP = ThreadLocal.withInitial(() -> new EmGroupRouting[1]);

    private HostMatrixRouting() {}

    /** True when the host path can run on these arrays (CPU backend, float or double, dense). */
    public static boolean supports(INDArray poses, INDArray activations, INDArray w) {
        return HostLoops.supports(poses, activations, w) && poses.dataType() == w.dataType();
    }

    public static Result forward(
            EmRouting routing,
            INDArray poses,
            INDArray activations,
            INDArray w,
            INDArray betaV,
            INDArray betaA,
            double[] voteOffsets,
            int groupsPerExample) {
        Shapes s = new Shapes(poses, activations, w, groupsPerExample);
        if (voteOffsets != null && voteOffsets.length != s.ni * 16) {
            throw new IllegalArgumentException("expected " + s.ni * 16 + " vote offsets, got " + voteOffsets.length);
        }
        Result res = new Result(
                routing, s, poses, activations, read(w), vector(betaV, s.nj), vector(betaA, s.nj), voteOffsets);
        int nt = routing.iterations();
        DataType type = poses.dataType();
        for (int t = 0; t < nt; t++) {
            res.r[t] = t == 0 ? null : Nd4j.createUninitialized(type, s.n, s.ni, s.nj);
            res.mu[t] = Nd4j.createUninitialized(type, s.n, s.nj, 16);
            res.var[t] = Nd4j.createUninitialized(type, s.n, s.nj, 16);
            res.den[t] = Nd4j.createUninitialized(type, s.n, s.nj);
            res.share[t] = Nd4j.createUninitialized(type, s.n, s.nj);
            res.centred[t] = Nd4j.createUninitialized(type, s.n, s.nj);
            res.act[t] = Nd4j.createUninitialized(type, s.n, s.nj);
        }
        HostLoops.forEachExample(s.examples, e -> {
            EmGroupRouting group = group(routing, s);
            double[] v = HostLoops.doubles(0, s.votes);
            double[] a = HostLoops.doubles(1, s.ni);
            double[] m = HostLoops.doubles(5, s.ni * 16);
            for (int g = e * groupsPerExample; g < (e + 1) * groupsPerExample; g++) {
                res.readGroup(g, m, a);
                res.votes(m, v);
                group.forward(v, a, res.betaV, res.betaA);
                res.save(g, group);
            }
        });
        return res;
    }

    /**
     * {@link #backward} as a capsule layer uses it: writes dL/dW into {@code gradW} and dL/dbeta_v then dL/dbeta_a
     * into {@code gradBeta}, frees {@code res}'s saved state, and returns {dL/dposes, dL/dactivations}.
     */
    public static INDArray[] backwardInto(
            Result res, INDArray gradPose, INDArray gradActivation, INDArray gradW, INDArray gradBeta) {
        INDArray[] grads = backward(res, gradPose, gradActivation);
        res.free();
        gradW.assign(grads[2]);
        gradBeta.assign(Nd4j.concat(0, grads[3], grads[4]).reshape(gradBeta.shape()));
        return new INDArray[] {grads[0], grads[1]};
    }

    /**
     * Returns {dL/dposes [N, I, 4, 4], dL/dactivations [N, I], dL/dW [T, 4, J, 4], dL/dbeta_v [J], dL/dbeta_a [J]}
     * given dL/dpose [N, J, 16] and dL/dactivation [N, J] of the output (either may be null for zero).
     */
    public static INDArray[] backward(Result res, INDArray gradPose, INDArray gradActivation) {
        Shapes s = res.shapes;
        DataType type = res.poses.dataType();
        INDArray gPose = gradPose == null ? null : gradPose.castTo(type).dup('c');
        INDArray gAct =
                gradActivation == null ? null : gradActivation.castTo(type).dup('c');
        INDArray gPoses = Nd4j.createUninitialized(type, s.n, s.ni, 4, 4);
        INDArray gIn = Nd4j.createUninitialized(type, s.n, s.ni);
        int chunks = HostLoops.chunkCount(s.examples);
        int nw = res.w.length;
        double[][] partials = new double[chunks][nw + 2 * s.nj]; // dW, dbeta_v, dbeta_a per chunk
        HostLoops.forEachChunk(s.examples, (chunk, from, to) -> {
            EmGroupRouting group = group(res.routing, s);
            double[] v = HostLoops.doubles(0, s.votes);
            double[] a = HostLoops.doubles(1, s.ni);
            double[] gp = gPose == null ? null : HostLoops.doubles(2, s.nj * 16);
            double[] ga = gAct == null ? null : HostLoops.doubles(3, s.nj);
            double[] gm = HostLoops.doubles(4, s.ni * 16);
            double[] m = HostLoops.doubles(5, s.ni * 16);
            double[] partial = partials[chunk];
            for (int g = from * s.groupsPerExample; g < to * s.groupsPerExample; g++) {
                res.readGroup(g, m, a);
                res.votes(m, v); // recomputed rather than kept: the votes are the largest array of the layer
                res.load(g, group);
                if (gp != null) {
                    HostLoops.read(gPose, (long) g * s.nj * 16, gp, s.nj * 16);
                }
                if (ga != null) {
                    HostLoops.read(gAct, (long) g * s.nj, ga, s.nj);
                }
                group.backward(v, a, gp, ga);
                res.votesBackward(m, group.gV, gm, partial);
                HostLoops.write(gm, gPoses, (long) g * s.ni * 16, s.ni * 16);
                HostLoops.write(group.gIn, gIn, (long) g * s.ni, s.ni);
                for (int j = 0; j < s.nj; j++) {
                    partial[nw + j] += group.gBetaV[j];
                    partial[nw + s.nj + j] += group.gBetaA[j];
                }
            }
        });
        double[] sum = partials[0];
        for (int c = 1; c < chunks; c++) {
            for (int k = 0; k < sum.length; k++) {
                sum[k] += partials[c][k];
            }
        }
        INDArray gW = Nd4j.createFromArray(Arrays.copyOf(sum, nw)).castTo(type).reshape(s.nt, 4, s.nj, 4);
        INDArray gBetaV =
                Nd4j.createFromArray(Arrays.copyOfRange(sum, nw, nw + s.nj)).castTo(type);
        INDArray gBetaA = Nd4j.createFromArray(Arrays.copyOfRange(sum, nw + s.nj, nw + 2 * s.nj))
                .castTo(type);
        return new INDArray[] {gPoses, gIn, gW, gBetaV, gBetaA};
    }

    /** This thread's routing object for groups of these sizes (a new one when the layer changes). */
    private static EmGroupRouting group(EmRouting routing, Shapes s) {
        EmGroupRouting[] cached = GROUP.get();
        if (cached[0] == null || !cached[0].fits(routing, s.ni, s.nj, 16)) {
            cached[0] = new EmGroupRouting(routing, s.ni, s.nj, 16);
        }
        return cached[0];
    }

    private static double[] read(INDArray x) {
        double[] values = new double[(int) x.length()];
        HostLoops.read(x, 0, values, values.length);
        return values;
    }

    private static double[] vector(INDArray x, int length) {
        if (x.length() != length) {
            throw new IllegalArgumentException("expected " + length + " entries, got " + x.length());
        }
        return x.castTo(DataType.DOUBLE).dup('c').reshape(length).toDoubleVector();
    }

    /** Sizes of one call. */
    private static final class Shapes {
        final int n;
        final int ni;
        final int nj;
        final int nt;
        final int votes;
        final int groupsPerExample;
        final int examples;

        Shapes(INDArray poses, INDArray activations, INDArray w, int groupsPerExample) {
            n = (int) poses.size(0);
            ni = (int) poses.size(1);
            nt = (int) w.size(0);
            nj = (int) w.size(2);
            if (poses.length() != (long) n * ni * 16
                    || activations.length() != (long) n * ni
                    || activations.size(0) != n
                    || w.rank() != 4
                    || w.size(1) != 4
                    || w.size(3) != 4
                    || ni % nt != 0) {
                throw new IllegalArgumentException("expected poses [N, I, 4, 4], activations [N, I] and W [T, 4, J, 4]"
                        + " with T dividing I, got " + Arrays.toString(poses.shape()) + ", "
                        + Arrays.toString(activations.shape()) + " and " + Arrays.toString(w.shape()));
            }
            if (groupsPerExample < 1 || n % groupsPerExample != 0) {
                throw new IllegalArgumentException(n + " groups are not a multiple of " + groupsPerExample);
            }
            this.groupsPerExample = groupsPerExample;
            this.examples = n / groupsPerExample;
            this.votes = ni * nj * 16;
        }
    }

    /** What one forward pass produced: its inputs and the routing state of every iteration, per group. */
    public static final class Result {
        private final EmRouting routing;
        private final Shapes shapes;
        private final INDArray poses;
        private final INDArray activations;
        private final double[] w;
        private final double[] betaV;
        private final double[] betaA;
        private final double[] voteOffsets;
        private final INDArray[] r; // [N, I, J] for t >= 1 (r^0 is uniform)
        private final INDArray[] mu; // [N, J, 16]
        private final INDArray[] var; // [N, J, 16]
        private final INDArray[] den; // [N, J]
        private final INDArray[] share;
        private final INDArray[] centred;
        private final INDArray[] act;

        private Result(
                EmRouting routing,
                Shapes shapes,
                INDArray poses,
                INDArray activations,
                double[] w,
                double[] betaV,
                double[] betaA,
                double[] voteOffsets) {
            this.routing = routing;
            this.shapes = shapes;
            this.poses = poses;
            this.activations = activations;
            this.w = w;
            this.betaV = betaV;
            this.betaA = betaA;
            this.voteOffsets = voteOffsets;
            int nt = routing.iterations();
            r = new INDArray[nt];
            mu = new INDArray[nt];
            var = new INDArray[nt];
            den = new INDArray[nt];
            share = new INDArray[nt];
            centred = new INDArray[nt];
            act = new INDArray[nt];
        }

        /** Parent poses (the Gaussians' means of the last M-step), [N, J, 16]. */
        public INDArray pose() {
            return mu[mu.length - 1];
        }

        /** Parent activations of the last M-step, [N, J]. */
        public INDArray activation() {
            return act[act.length - 1];
        }

        /** Assignment probabilities r_ij used by the last M-step, [N, I, J] (1/J everywhere with one iteration). */
        public INDArray assignments() {
            INDArray last = r[r.length - 1];
            return last != null
                    ? last
                    : Nd4j.valueArrayOf(new long[] {shapes.n, shapes.ni, shapes.nj}, 1.0 / shapes.nj, poses.dataType());
        }

        /** Releases the saved state now, all but the outputs (after backward, or when it will not be called). */
        public void free() {
            int last = r.length - 1;
            for (int t = 0; t <= last; t++) {
                EmRouting.free(var[t]);
                EmRouting.free(den[t]);
                EmRouting.free(share[t]);
                EmRouting.free(centred[t]);
                if (t < last) {
                    EmRouting.free(r[t]);
                    EmRouting.free(mu[t]);
                    EmRouting.free(act[t]);
                }
            }
        }

        /** Group g's poses into m [I*16] and its child activations into a [I]. */
        private void readGroup(int g, double[] m, double[] a) {
            HostLoops.read(poses, (long) g * shapes.ni * 16, m, shapes.ni * 16);
            HostLoops.read(activations, (long) g * shapes.ni, a, shapes.ni);
        }

        /** A group's votes v [I*J*16] from its poses m [I*16]. */
        private void votes(double[] m, double[] v) {
            int ni = shapes.ni;
            int nj = shapes.nj;
            int nt = shapes.nt;
            for (int i = 0; i < ni; i++) {
                int wt = (i % nt) * 16 * nj; // W[type], [4, J, 4]
                for (int j = 0; j < nj; j++) {
                    int at = (i * nj + j) * 16;
                    for (int row = 0; row < 4; row++) {
                        double m0 = m[i * 16 + row * 4];
                        double m1 = m[i * 16 + row * 4 + 1];
                        double m2 = m[i * 16 + row * 4 + 2];
                        double m3 = m[i * 16 + row * 4 + 3];
                        for (int c = 0; c < 4; c++) {
                            int k0 = wt + j * 4 + c; // W[type, k, j, c] at wt + (k*J + j)*4 + c
                            v[at + row * 4 + c] =
                                    m0 * w[k0] + m1 * w[k0 + 4 * nj] + m2 * w[k0 + 8 * nj] + m3 * w[k0 + 12 * nj];
                        }
                    }
                    if (voteOffsets != null) {
                        for (int h = 0; h < 16; h++) {
                            v[at + h] += voteOffsets[i * 16 + h];
                        }
                    }
                }
            }
        }

        /** From a group's poses m and dL/dV: dL/dM into gm [I*16], dL/dW added to partial [T*4*J*4]. */
        private void votesBackward(double[] m, double[] gV, double[] gm, double[] partial) {
            int ni = shapes.ni;
            int nj = shapes.nj;
            int nt = shapes.nt;
            Arrays.fill(gm, 0, ni * 16, 0.0);
            // per (i, j), with G = dL/dV_ij: dL/dM_i += G W_ij^T and dL/dW_ij += M_i^T G, each entry a 4-term sum
            for (int i = 0; i < ni; i++) {
                int mi = i * 16;
                int wt = (i % nt) * 16 * nj;
                for (int j = 0; j < nj; j++) {
                    int at = (i * nj + j) * 16;
                    int wj = wt + j * 4; // W[type, k, j, c] at wj + k*4J + c
                    for (int k = 0; k < 4; k++) {
                        int wk = wj + k * 4 * nj;
                        for (int c = 0; c < 4; c++) {
                            partial[wk + c] += m[mi + k] * gV[at + c]
                                    + m[mi + 4 + k] * gV[at + 4 + c]
                                    + m[mi + 8 + k] * gV[at + 8 + c]
                                    + m[mi + 12 + k] * gV[at + 12 + c];
                        }
                    }
                    for (int row = 0; row < 4; row++) {
                        int gr = at + row * 4;
                        for (int k = 0; k < 4; k++) {
                            int wk = wj + k * 4 * nj;
                            gm[mi + row * 4 + k] += gV[gr] * w[wk]
                                    + gV[gr + 1] * w[wk + 1]
                                    + gV[gr + 2] * w[wk + 2]
                                    + gV[gr + 3] * w[wk + 3];
                        }
                    }
                }
            }
        }

        private void save(int g, EmGroupRouting group) {
            int nj = shapes.nj;
            for (int t = 0; t < group.iterations; t++) {
                if (t > 0) {
                    HostLoops.write(group.r[t], r[t], (long) g * shapes.ni * nj, shapes.ni * nj);
                }
                HostLoops.write(group.mu[t], mu[t], (long) g * nj * 16, nj * 16);
                HostLoops.write(group.var[t], var[t], (long) g * nj * 16, nj * 16);
                HostLoops.write(group.den[t], den[t], (long) g * nj, nj);
                HostLoops.write(group.share[t], share[t], (long) g * nj, nj);
                HostLoops.write(group.centred[t], centred[t], (long) g * nj, nj);
                HostLoops.write(group.act[t], act[t], (long) g * nj, nj);
            }
        }

        private void load(int g, EmGroupRouting group) {
            int nj = shapes.nj;
            for (int t = 0; t < group.iterations; t++) {
                if (t > 0) {
                    HostLoops.read(r[t], (long) g * shapes.ni * nj, group.r[t], shapes.ni * nj);
                }
                HostLoops.read(mu[t], (long) g * nj * 16, group.mu[t], nj * 16);
                HostLoops.read(var[t], (long) g * nj * 16, group.var[t], nj * 16);
                HostLoops.read(den[t], (long) g * nj, group.den[t], nj);
                HostLoops.read(share[t], (long) g * nj, group.share[t], nj);
                HostLoops.read(centred[t], (long) g * nj, group.centred[t], nj);
                HostLoops.read(act[t], (long) g * nj, group.act[t], nj);
            }
        }
    }
}
