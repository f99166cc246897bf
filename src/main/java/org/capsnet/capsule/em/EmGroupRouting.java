package org.capsnet.capsule.em;

import java.util.Arrays;

/**
 * {@link EmRouting}'s maths (see there for the formulas) for ONE group of I children and J parents, on Java arrays in
 * double. Forward leaves every iteration's state in this object's public arrays; the caller saves it and loads it
 * back before backward. One object per thread, reused group after group, so the per-group work allocates nothing.
 *
 * <p>Layouts: votes {@code [I, J, H]} as {@code (i*J + j)*H + h}; assignments {@code [I, J]}; parent arrays
 * {@code [J, H]} or {@code [J]}.
 */
final class EmGroupRouting {
    final int ni;
    final int nj;
    final int nh;
    final int iterations;
    private final double[] lambdas;

    // State of iteration t: filled by forward, loaded by the caller before backward (r[0] is always uniform).
    final double[][] r; // assignments used by the M-step, [I*J]
    final double[][] mu; // [J*H]
    final double[][] var; // [J*H]
    final double[][] den; // R + epsR, [J]
    final double[][] share; // Rn, [J]
    final double[][] centred; // [J]
    final double[][] act; // [J]

    // Gradients of the last backward (this group's share of dbeta; the caller sums over groups).
    final double[] gV; // [I*J*H]
    final double[] gIn; // [I]
    final double[] gBetaV; // [J]
    final double[] gBetaA; // [J]

    private final double[] logits; // [I*J]
    private final double[] w; // r a / den of the current iteration, [I*J]
    private final double[] gR; // dL/dr^{t+1}, [I*J]
    private final double[] gLogits; // [I*J]
    private final double[] gW; // [I*J]
    private final double[] invVar; // [J*H]
    private final double[] gMu; // [J*H]
    private final double[] gVar; // [J*H]
    private final double[] perParent; // [J]
    private final double[] gLogA; // [J]
    private final double[] gAmount; // [J]
    private final double[] gPerUnit; // [J]

    EmGroupRouting(EmRouting routing, int ni, int nj, int nh) {
        if (nh % 4 != 0) {
            throw new IllegalArgumentException("pose size must be a multiple of 4, got " + nh);
        }
        this.ni = ni;
        this.nj = nj;
        this.nh = nh;
        this.iterations = routing.iterations();
        this.lambdas = new double[iterations];
        for (int t = 0; t < iterations; t++) {
            lambdas[t] = routing.lambda(t);
        }
        r = new double[iterations][ni * nj];
        mu = new double[iterations][nj * nh];
        var = new double[iterations][nj * nh];
        den = new double[iterations][nj];
        share = new double[iterations][nj];
        centred = new double[iterations][nj];
        act = new double[iterations][nj];
        gV = new double[ni * nj * nh];
        gIn = new double[ni];
        gBetaV = new double[nj];
        gBetaA = new double[nj];
        logits = new double[ni * nj];
        w = new double[ni * nj];
        gR = new double[ni * nj];
        gLogits = new double[ni * nj];
        gW = new double[ni * nj];
        invVar = new double[nj * nh];
        gMu = new double[nj * nh];
        gVar = new double[nj * nh];
        perParent = new double[nj];
        gLogA = new double[nj];
        gAmount = new double[nj];
        gPerUnit = new double[nj];
    }

    /** True when this object serves groups of these sizes under this routing. */
    boolean fits(EmRouting routing, int ni, int nj, int nh) {
        if (this.ni != ni || this.nj != nj || this.nh != nh || iterations != routing.iterations()) {
            return false;
        }
        for (int t = 0; t < iterations; t++) {
            if (lambdas[t] != routing.lambda(t)) {
                return false;
            }
        }
        return true;
    }

    static double total(double[] a, int ni) {
        double total = 0;
        for (int i = 0; i < ni; i++) {
            total += a[i];
        }
        return total + EmRouting.AMOUNT_EPS;
    }

    /** Routes votes v [I*J*H] with child activations a [I]; the outputs are mu[T-1] and act[T-1]. */
    void forward(double[] v, double[] a, double[] betaV, double[] betaA) {
        double total = total(a, ni);
        Arrays.fill(r[0], 1.0 / nj);
        for (int t = 0; t < iterations; t++) {
            double[] rt = r[t];
            double[] m = mu[t];
            double[] s2 = var[t];
            double[] d = den[t];
            Arrays.fill(d, 0.0);
            for (int i = 0; i < ni; i++) {
                for (int j = 0; j < nj; j++) {
                    d[j] += rt[i * nj + j] * a[i];
                }
            }
            for (int j = 0; j < nj; j++) {
                share[t][j] = d[j] * nj / total;
                d[j] += EmRouting.AMOUNT_EPS;
            }
            weights(rt, a, d);
            // mu = sum_i w V and var = sum_i w (V - mu)^2 = sum_i w V^2 - mu^2 (2 - sum_i w), in one pass (in double
            // the cancellation costs ~1e-16 V^2, far below the variance floor)
            Arrays.fill(m, 0.0);
            Arrays.fill(s2, 0.0);
            for (int i = 0; i < ni; i++) {
                for (int j = 0; j < nj; j++) {
                    double wij = w[i * nj + j];
                    int at = (i * nj + j) * nh;
                    int pj = j * nh;
                    for (int h = 0; h < nh; h++) {
                        double x = wij * v[at + h];
                        m[pj + h] += x;
                        s2[pj + h] += x * v[at + h];
                    }
                }
            }
            for (int j = 0; j < nj; j++) {
                double twoMinusW = 2.0 - (d[j] - EmRouting.AMOUNT_EPS) / d[j];
                for (int h = 0; h < nh; h++) {
                    s2[j * nh + h] -= m[j * nh + h] * m[j * nh + h] * twoMinusW;
                }
            }
            double mean = 0;
            for (int j = 0; j < nj; j++) {
                double logSigma = 0; // sum_h 0.5 log var
                for (int h = 0; h < nh; h++) {
                    s2[j * nh + h] += EmRouting.VARIANCE_FLOOR;
                    logSigma += 0.5 * Math.log(s2[j * nh + h]);
                }
                perParent[j] = logSigma;
                centred[t][j] = logSigma + nh * betaV[j];
                mean += centred[t][j];
            }
            mean /= nj;
            for (int j = 0; j < nj; j++) {
                centred[t][j] -= mean;
                double z = lambdas[t] * (betaA[j] - centred[t][j] * share[t][j]);
                act[t][j] = 1.0 / (1.0 + Math.exp(-z));
                perParent[j] = logSigmoid(z) - perParent[j]; // log a_j - sum_h log sigma_jh
            }
            if (t < iterations - 1) {
                eStep(v, m, s2, r[t + 1]);
            }
        }
    }

    /** r_ij = softmax_j(log a_j + log p_ij), with perParent holding log a_j - sum_h log sigma_jh. */
    private void eStep(double[] v, double[] m, double[] s2, double[] next) {
        for (int k = 0; k < nj * nh; k++) {
            invVar[k] = 1.0 / s2[k];
        }
        for (int i = 0; i < ni; i++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < nj; j++) {
                int at = (i * nj + j) * nh;
                int pj = j * nh;
                // four partial sums: independent add chains (nh is a multiple of 4)
                double sq0 = 0;
                double sq1 = 0;
                double sq2 = 0;
                double sq3 = 0;
                for (int h = 0; h < nh; h += 4) {
                    double d0 = v[at + h] - m[pj + h];
                    double d1 = v[at + h + 1] - m[pj + h + 1];
                    double d2 = v[at + h + 2] - m[pj + h + 2];
                    double d3 = v[at + h + 3] - m[pj + h + 3];
                    sq0 += d0 * d0 * invVar[pj + h];
                    sq1 += d1 * d1 * invVar[pj + h + 1];
                    sq2 += d2 * d2 * invVar[pj + h + 2];
                    sq3 += d3 * d3 * invVar[pj + h + 3];
                }
                double l = perParent[j] - 0.5 * ((sq0 + sq1) + (sq2 + sq3));
                logits[i * nj + j] = l;
                max = Math.max(max, l);
            }
            double sum = 0;
            for (int j = 0; j < nj; j++) {
                double e = Math.exp(logits[i * nj + j] - max);
                next[i * nj + j] = e;
                sum += e;
            }
            for (int j = 0; j < nj; j++) {
                next[i * nj + j] /= sum;
            }
        }
    }

    /**
     * Fills gV, gIn, gBetaV and gBetaA from dL/dpose [J*H] and dL/dactivation [J] of the last iteration (either may
     * be null for zero), with the state of the forward pass of these votes v and activations a loaded.
     */
    void backward(double[] v, double[] a, double[] gradPose, double[] gradActivation) {
        double total = total(a, ni);
        Arrays.fill(gV, 0.0);
        Arrays.fill(gIn, 0.0);
        Arrays.fill(gBetaV, 0.0);
        Arrays.fill(gBetaA, 0.0);
        double gTotal = 0;
        Arrays.fill(r[0], 1.0 / nj);
        for (int t = iterations - 1; t >= 0; t--) {
            boolean last = t == iterations - 1;
            if (last && gradPose != null) {
                System.arraycopy(gradPose, 0, gMu, 0, nj * nh);
            } else {
                Arrays.fill(gMu, 0.0);
            }
            Arrays.fill(gVar, 0.0);
            Arrays.fill(gLogA, 0.0);
            if (!last) {
                eStepBackward(v, t);
            }
            double lam = lambdas[t];
            double meanPerUnit = 0;
            double gShareShare = 0;
            for (int j = 0; j < nj; j++) {
                double aj = act[t][j];
                double gz = gLogA[j] * (1.0 - aj); // d log-sigmoid / dz = 1 - a
                if (last && gradActivation != null) {
                    gz += gradActivation[j] * aj * (1.0 - aj);
                }
                gBetaA[j] += lam * gz;
                double gCost = -lam * gz;
                double gShare = gCost * centred[t][j];
                gPerUnit[j] = gCost * share[t][j];
                meanPerUnit += gPerUnit[j];
                gAmount[j] = gShare * nj / total;
                gShareShare += gShare * share[t][j];
            }
            gTotal -= gShareShare / total;
            meanPerUnit /= nj;
            for (int j = 0; j < nj; j++) {
                double g = gPerUnit[j] - meanPerUnit; // through the centring
                gBetaV[j] += nh * g;
                for (int h = 0; h < nh; h++) {
                    gVar[j * nh + h] += 0.5 / var[t][j * nh + h] * g; // d(0.5 log var)
                }
            }
            mStepBackward(v, a, t);
        }
        for (int i = 0; i < ni; i++) {
            gIn[i] += gTotal; // total = sum_i a_i + epsR
        }
    }

    /** Through r^{t+1} = softmax_j(log a_j + log p_ij): into gMu, gVar, gLogA and gV. */
    private void eStepBackward(double[] v, int t) {
        double[] r1 = r[t + 1];
        double[] m = mu[t];
        double[] s2 = var[t];
        for (int k = 0; k < nj * nh; k++) {
            invVar[k] = 1.0 / s2[k];
        }
        for (int i = 0; i < ni; i++) {
            double weighted = 0;
            for (int j = 0; j < nj; j++) {
                weighted += r1[i * nj + j] * gR[i * nj + j];
            }
            for (int j = 0; j < nj; j++) {
                double g = r1[i * nj + j] * (gR[i * nj + j] - weighted);
                gLogits[i * nj + j] = g;
                gLogA[j] += g;
                int at = (i * nj + j) * nh;
                int pj = j * nh;
                for (int h = 0; h < nh; h++) {
                    double q = (v[at + h] - m[pj + h]) * invVar[pj + h];
                    double gq = g * q;
                    gMu[pj + h] += gq;
                    gVar[pj + h] += 0.5 * gq * q;
                    gV[at + h] -= gq;
                }
            }
        }
        for (int j = 0; j < nj; j++) {
            for (int h = 0; h < nh; h++) {
                gVar[j * nh + h] -= 0.5 * invVar[j * nh + h] * gLogA[j];
            }
        }
    }

    /** w_ij = r_ij a_i / den_j. */
    private void weights(double[] rt, double[] a, double[] d) {
        for (int i = 0; i < ni; i++) {
            for (int j = 0; j < nj; j++) {
                w[i * nj + j] = rt[i * nj + j] * a[i] / d[j];
            }
        }
    }

    /**
     * Through mu = sum_i w V, var = sum_i w (V - mu)^2 + eps, w = r a / (R + epsR), R = sum_i r a: into gV, gIn
     * and dL/dr^t (gR, for the E-step before).
     */
    private void mStepBackward(double[] v, double[] a, int t) {
        double[] rt = r[t];
        double[] m = mu[t];
        double[] d = den[t];
        weights(rt, a, d);
        // mu's gradient takes var's share, -2 gVar sum_i w (V - mu), where sum_i w (V - mu) = mu (1 - R / den)
        for (int j = 0; j < nj; j++) {
            double unassigned = EmRouting.AMOUNT_EPS / d[j];
            for (int h = 0; h < nh; h++) {
                gMu[j * nh + h] -= 2.0 * gVar[j * nh + h] * m[j * nh + h] * unassigned;
            }
        }
        for (int i = 0; i < ni; i++) {
            for (int j = 0; j < nj; j++) {
                double wij = w[i * nj + j];
                int at = (i * nj + j) * nh;
                int pj = j * nh;
                double g0 = 0; // four partial sums, as in the E-step
                double g1 = 0;
                double g2 = 0;
                double g3 = 0;
                for (int h = 0; h < nh; h += 4) {
                    double d0 = v[at + h] - m[pj + h];
                    double d1 = v[at + h + 1] - m[pj + h + 1];
                    double d2 = v[at + h + 2] - m[pj + h + 2];
                    double d3 = v[at + h + 3] - m[pj + h + 3];
                    g0 += d0 * d0 * gVar[pj + h] + v[at + h] * gMu[pj + h];
                    g1 += d1 * d1 * gVar[pj + h + 1] + v[at + h + 1] * gMu[pj + h + 1];
                    g2 += d2 * d2 * gVar[pj + h + 2] + v[at + h + 2] * gMu[pj + h + 2];
                    g3 += d3 * d3 * gVar[pj + h + 3] + v[at + h + 3] * gMu[pj + h + 3];
                    gV[at + h] += wij * (2.0 * d0 * gVar[pj + h] + gMu[pj + h]);
                    gV[at + h + 1] += wij * (2.0 * d1 * gVar[pj + h + 1] + gMu[pj + h + 1]);
                    gV[at + h + 2] += wij * (2.0 * d2 * gVar[pj + h + 2] + gMu[pj + h + 2]);
                    gV[at + h + 3] += wij * (2.0 * d3 * gVar[pj + h + 3] + gMu[pj + h + 3]);
                }
                double g = (g0 + g1) + (g2 + g3);
                gW[i * nj + j] = g;
                gAmount[j] -= g * wij / d[j];
            }
        }
        for (int i = 0; i < ni; i++) {
            double gi = 0;
            for (int j = 0; j < nj; j++) {
                double gRp = gW[i * nj + j] / d[j] + gAmount[j];
                gi += gRp * rt[i * nj + j];
                gR[i * nj + j] = gRp * a[i];
            }
            gIn[i] += gi;
        }
    }

    /** log(sigmoid(z)) = min(z, 0) - log(1 + exp(-|z|)), without overflow. */
    private static double logSigmoid(double z) {
        return Math.min(z, 0.0) - Math.log1p(Math.exp(-Math.abs(z)));
    }
}
