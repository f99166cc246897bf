package org.capsnet.capsule;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.capsnet.host.HostLoops;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@link DynamicRouting}'s forward and backward as Java loops over one example at a time, for the CPU backend.
 *
 * <p>Why. The ND4J formulation is a handful of batched matmuls over B*J tiny [1 x I] x [I x D] products on strided
 * views of u_hat; libnd4j runs them as many small calls plus copies of u_hat, which made routing most of DigitCaps'
 * time (about 100 ms of a 420 ms training step at B=32). Here one example's u_hat ([I, J, D] = 1152 x 10 x 16, 1.5 MB
 * as doubles) stays in cache for every iteration, and the softmax, squash and their gradients are fused loops.
 *
 * <p>Same maths, same saved state and the same {@link DynamicRouting.Result} as the ND4J path (see there for the
 * formulas); sums run in double whatever the array type and are stored in the arrays' type. Examples are split over
 * the ND4J thread count, each computed by one thread, so results do not depend on the thread count.
 */
final class HostRouting {
    private HostRouting() {}

    static boolean supports(INDArray uHat) {
        return HostLoops.supports(uHat);
    }

    static DynamicRouting.Result forward(INDArray uHat, int iterations) {
        int nb = (int) uHat.size(0);
        int ni = (int) uHat.size(1);
        int nj = (int) uHat.size(2);
        int nd = (int) uHat.size(3);
        List<INDArray> cs = new ArrayList<>();
        List<INDArray> ss = new ArrayList<>();
        List<INDArray> vs = new ArrayList<>();
        List<INDArray[]> factors = new ArrayList<>();
        for (int r = 0; r < iterations; r++) {
            cs.add(Nd4j.createUninitialized(uHat.dataType(), nb, ni, nj));
            ss.add(Nd4j.createUninitialized(uHat.dataType(), nb, nj, nd));
            vs.add(Nd4j.createUninitialized(uHat.dataType(), nb, nj, nd));
            factors.add(new INDArray[] {
                Nd4j.createUninitialized(uHat.dataType(), nb, nj, 1),
                Nd4j.createUninitialized(uHat.dataType(), nb, nj, 1)
            });
        }
        HostLoops.forEachExample(nb, b -> {
            int children = ni * nj;
            double[] u = HostLoops.doubles(0, children * nd);
            HostLoops.read(uHat, (long) b * children * nd, u, children * nd);
            double[] logits = HostLoops.doubles(1, children);
            Arrays.fill(logits, 0, children, 0.0);
            double[] c = HostLoops.doubles(2, children);
            double[] s = HostLoops.doubles(3, nj * nd);
            double[] v = HostLoops.doubles(4, nj * nd);
            double[] f = HostLoops.doubles(5, nj);
            double[] twoDf = HostLoops.doubles(6, nj);
            for (int r = 0; r < iterations; r++) {
                if (r == 0) {
                    Arrays.fill(c, 0, children, 1.0 / nj);
                } else {
                    softmaxOverParents(logits, c, ni, nj);
                }
                Arrays.fill(s, 0, nj * nd, 0.0);
                for (int i = 0; i < ni; i++) {
                    for (int j = 0; j < nj; j++) {
                        double cij = c[i * nj + j];
                        int at = (i * nj + j) * nd;
                        int sj = j * nd;
                        for (int d = 0; d < nd; d++) {
                            s[sj + d] += cij * u[at + d];
                        }
                    }
                }
                squash(s, v, f, twoDf, nj, nd);
                HostLoops.write(c, cs.get(r), (long) b * children, children);
                HostLoops.write(s, ss.get(r), (long) b * nj * nd, nj * nd);
                HostLoops.write(v, vs.get(r), (long) b * nj * nd, nj * nd);
                HostLoops.write(f, factors.get(r)[0], (long) b * nj, nj);
                HostLoops.write(twoDf, factors.get(r)[1], (long) b * nj, nj);
                if (r < iterations - 1) {
                    for (int i = 0; i < ni; i++) {
                        for (int j = 0; j < nj; j++) {
                            int at = (i * nj + j) * nd;
                            int vj = j * nd;
                            double agreement = 0;
                            for (int d = 0; d < nd; d++) {
                                agreement += u[at + d] * v[vj + d];
                            }
                            logits[i * nj + j] += agreement;
                        }
                    }
                }
            }
        });
        return new DynamicRouting.Result(uHat, cs, ss, vs, factors, true);
    }

    /** dL/du_hat [B, I, J, D] (c order, u_hat's type) given dL/dv [B, J, D]. */
    static INDArray backward(DynamicRouting.Result result, INDArray gradV, boolean stopGradientInsideLoop) {
        INDArray uHat = result.uHat;
        int nb = (int) uHat.size(0);
        int ni = (int) uHat.size(1);
        int nj = (int) uHat.size(2);
        int nd = (int) uHat.size(3);
        int iterations = result.cs.size();
        INDArray gradV0 = gradV.castTo(uHat.dataType()).dup('c');
        INDArray gradUHat = Nd4j.createUninitialized(uHat.dataType(), nb, ni, nj, nd);
        HostLoops.forEachExample(nb, b -> {
            int children = ni * nj;
            double[] u = HostLoops.doubles(0, children * nd);
            HostLoops.read(uHat, (long) b * children * nd, u, children * nd);
            double[] gradU = HostLoops.doubles(1, children * nd);
            Arrays.fill(gradU, 0, children * nd, 0.0);
            double[] c = HostLoops.doubles(2, children);
            double[] s = HostLoops.doubles(3, nj * nd);
            double[] v = HostLoops.doubles(4, nj * nd);
            double[] f = HostLoops.doubles(5, nj);
            double[] twoDf = HostLoops.doubles(6, nj);
            double[] gV = new double[nj * nd];
            double[] gS = new double[nj * nd];
            double[] gradC = new double[nj];
            double[] gradLogits = HostLoops.doubles(7, children); // dL/db^r, [I, J]
            boolean haveGradLogitsNext = false; // dL/db^{r+1} is in gradLogits
            for (int r = iterations - 1; r >= 0; r--) {
                HostLoops.read(result.cs.get(r), (long) b * children, c, children);
                HostLoops.read(result.ss.get(r), (long) b * nj * nd, s, nj * nd);
                HostLoops.read(result.squashFactors.get(r)[0], (long) b * nj, f, nj);
                HostLoops.read(result.squashFactors.get(r)[1], (long) b * nj, twoDf, nj);
                if (r == iterations - 1) {
                    HostLoops.read(gradV0, (long) b * nj * nd, gV, nj * nd);
                } else {
                    // v^r fed the agreements b^{r+1} = b^r + u_hat . v^r: dL/dv^r and that path's dL/du_hat.
                    HostLoops.read(result.vs.get(r), (long) b * nj * nd, v, nj * nd);
                    Arrays.fill(gV, 0.0);
                    for (int i = 0; i < ni; i++) {
                        for (int j = 0; j < nj; j++) {
                            double g = gradLogits[i * nj + j];
                            int at = (i * nj + j) * nd;
                            int vj = j * nd;
                            for (int d = 0; d < nd; d++) {
                                gV[vj + d] += g * u[at + d];
                                gradU[at + d] += g * v[vj + d];
                            }
                        }
                    }
                }
                for (int j = 0; j < nj; j++) { // squash backward
                    int sj = j * nd;
                    double dot = 0;
                    for (int d = 0; d < nd; d++) {
                        dot += s[sj + d] * gV[sj + d];
                    }
                    for (int d = 0; d < nd; d++) {
                        gS[sj + d] = f[j] * gV[sj + d] + twoDf[j] * dot * s[sj + d];
                    }
                }
                for (int i = 0; i < ni; i++) { // s^r = sum_i c^r u_hat
                    for (int j = 0; j < nj; j++) {
                        double cij = c[i * nj + j];
                        int at = (i * nj + j) * nd;
                        int sj = j * nd;
                        for (int d = 0; d < nd; d++) {
                            gradU[at + d] += cij * gS[sj + d];
                        }
                    }
                }
                if (stopGradientInsideLoop) {
                    break; // c^R and earlier are constants
                }
                if (r > 0) { // b^1 = 0 is a constant
                    // dL/db^r = dL/db^{r+1} + softmax backward of dL/dc^r, in place over dL/db^{r+1}
                    for (int i = 0; i < ni; i++) {
                        double weighted = 0;
                        for (int j = 0; j < nj; j++) {
                            int at = (i * nj + j) * nd;
                            int sj = j * nd;
                            double g = 0;
                            for (int d = 0; d < nd; d++) {
                                g += gS[sj + d] * u[at + d];
                            }
                            gradC[j] = g;
                            weighted += c[i * nj + j] * g;
                        }
                        for (int j = 0; j < nj; j++) { // softmax backward over j
                            double cij = c[i * nj + j];
                            gradLogits[i * nj + j] =
                                    cij * (gradC[j] - weighted) + (haveGradLogitsNext ? gradLogits[i * nj + j] : 0);
                        }
                    }
                    haveGradLogitsNext = true;
                }
            }
            HostLoops.write(gradU, gradUHat, (long) b * children * nd, children * nd);
        });
        return gradUHat;
    }

    private static void softmaxOverParents(double[] logits, double[] c, int ni, int nj) {
        for (int i = 0; i < ni; i++) {
            int row = i * nj;
            double max = Double.NEGATIVE_INFINITY;
            for (int j = 0; j < nj; j++) {
                max = Math.max(max, logits[row + j]);
            }
            double sum = 0;
            for (int j = 0; j < nj; j++) {
                double e = Math.exp(logits[row + j] - max);
                c[row + j] = e;
                sum += e;
            }
            for (int j = 0; j < nj; j++) {
                c[row + j] /= sum;
            }
        }
    }

    /** v = f s per parent with the factors {@link Squash} uses: f = a / ((1+a) sqrt(a+eps)), and 2 f'(a). */
    private static void squash(double[] s, double[] v, double[] f, double[] twoDf, int nj, int nd) {
        for (int j = 0; j < nj; j++) {
            int sj = j * nd;
            double a = 0;
            for (int d = 0; d < nd; d++) {
                a += s[sj + d] * s[sj + d];
            }
            double aEps = a + Squash.EPSILON;
            double q = 1.0 / (1.0 + a);
            double qn = q / Math.sqrt(aEps);
            f[j] = a * qn;
            twoDf[j] = (2.0 * q - a / aEps) * qn;
            for (int d = 0; d < nd; d++) {
                v[sj + d] = f[j] * s[sj + d];
            }
        }
    }
}
