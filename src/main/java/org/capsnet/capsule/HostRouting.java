package org.capsnet.capsule;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.capsnet.host.FloatRows;
import org.capsnet.host.HostLoops;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.factory.Nd4j;

/**
 * {@link DynamicRouting}'s forward and backward as Java loops over one example at a time, for float32 arrays on the
 * CPU backend.
 *
 * <p>Why. The ND4J formulation is a handful of batched matmuls over B*J tiny [1 x I] x [I x D] products on strided
 * views of u_hat; libnd4j runs them as many small calls plus copies of u_hat, which made routing most of DigitCaps'
 * time (about 100 ms of a 420 ms training step at B=32). Here one example's u_hat (1152 x 10 x 16 floats, 737 KB)
 * stays in the core's L2 cache for every iteration.
 *
 * <p>How. Each example's u_hat is transposed once to [J*D][I], a row of I children per parent coordinate, and the
 * logits and coupling coefficients are kept as [J][I]. Every contraction is then a dot product or an axpy over a
 * row of I = 1152 contiguous floats ({@link FloatRows}, SIMD code), and the softmax over parents is elementwise
 * over rows. Sums run in float with {@link FloatRows#LANES} partial sums; the ND4J path (float64 gradient checks,
 * other backends) is the reference the tests compare this one with.
 *
 * <p>Same maths, saved state and {@link DynamicRouting.Result} as the ND4J path (see there for the formulas); the
 * coupling coefficients are stored as dense [B, J, I] arrays and handed out as [B, I, J] views. Examples are split
 * over the ND4J thread count, each computed by one thread, so results do not depend on the thread count.
 */
final class HostRouting {
    // Per-thread scratch slots of HostLoops.floats.
    private static final int RAW = 0;
    private static final int PREDICTIONS = 1;
    private static final int LOGITS = 2;
    private static final int COUPLING = 3;
    private static final int S = 4;
    private static final int V = 5;
    private static final int FACTOR = 6;
    private static final int TWO_FACTOR_SLOPE = 7;
    private static final int GRAD_V = 9;
    private static final int GRAD_S = 10;
    private static final int GRAD_COUPLING = 11;
    private static final int PER_CHILD = 12;

    private HostRouting() {}

    static boolean supports(INDArray uHat) {
        return uHat.dataType() == DataType.FLOAT && (HostLoops.supports(uHat) || isChildMinor(uHat));
    }

    /**
     * True for a float [B, I, J, D] view of a dense [B, J, D, I] array on the CPU backend (what
     * {@link HostPredictionVectors} makes): the layout this class computes in, read and written without transposes.
     */
    static boolean isChildMinor(INDArray uHat) {
        return uHat.rank() == 4
                && uHat.dataType() == DataType.FLOAT
                && HostLoops.isCpuBackend()
                && Shape.hasDefaultStridesForShape(uHat.permute(0, 2, 3, 1))
                && uHat.length() + uHat.offset() <= Integer.MAX_VALUE;
    }

    /** The [B, I, J, D] view of a dense [B, J, D, I] array. */
    static INDArray childrenFirstView(INDArray childMinor) {
        return childMinor.permute(0, 3, 1, 2);
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
            cs.add(Nd4j.createUninitialized(DataType.FLOAT, nb, nj, ni).permute(0, 2, 1));
            ss.add(Nd4j.createUninitialized(DataType.FLOAT, nb, nj, nd));
            vs.add(Nd4j.createUninitialized(DataType.FLOAT, nb, nj, nd));
            factors.add(new INDArray[] {
                Nd4j.createUninitialized(DataType.FLOAT, nb, nj, 1), Nd4j.createUninitialized(DataType.FLOAT, nb, nj, 1)
            });
        }
        int parents = nj * ni;
        int coordinates = nj * nd;
        boolean childMinor = isChildMinor(uHat);
        HostLoops.forEachExample(nb, b -> {
            float[] u = predictionRows(uHat, childMinor, b, ni, coordinates);
            float[] logits = HostLoops.floats(LOGITS, parents);
            Arrays.fill(logits, 0, parents, 0f);
            float[] c = HostLoops.floats(COUPLING, parents);
            float[] s = HostLoops.floats(S, coordinates);
            float[] v = HostLoops.floats(V, coordinates);
            float[] f = HostLoops.floats(FACTOR, nj);
            float[] twoDf = HostLoops.floats(TWO_FACTOR_SLOPE, nj);
            for (int r = 0; r < iterations; r++) {
                if (r == 0) {
                    Arrays.fill(c, 0, parents, 1f / nj);
                } else {
                    FloatRows.softmaxOverRows(logits, c, nj, ni); // over the parents j of each child i
                }
                for (int jd = 0; jd < coordinates; jd++) {
                    s[jd] = FloatRows.dot(c, jd / nd * ni, u, jd * ni, ni);
                }
                squash(s, v, f, twoDf, nj, nd);
                HostLoops.write(c, denseCoupling(cs.get(r)), (long) b * parents, parents);
                HostLoops.write(s, ss.get(r), (long) b * coordinates, coordinates);
                HostLoops.write(v, vs.get(r), (long) b * coordinates, coordinates);
                HostLoops.write(f, factors.get(r)[0], (long) b * nj, nj);
                HostLoops.write(twoDf, factors.get(r)[1], (long) b * nj, nj);
                if (r < iterations - 1) { // b += u_hat . v
                    for (int jd = 0; jd < coordinates; jd++) {
                        FloatRows.axpy(v[jd], u, jd * ni, logits, jd / nd * ni, ni);
                    }
                }
            }
        });
        return new DynamicRouting.Result(uHat, cs, ss, vs, factors, true);
    }

    /** dL/du_hat [B, I, J, D] (float; child-minor when u_hat is, else c order) given dL/dv [B, J, D]. */
    static INDArray backward(DynamicRouting.Result result, INDArray gradV, boolean stopGradientInsideLoop) {
        INDArray uHat = result.uHat;
        int nb = (int) uHat.size(0);
        int ni = (int) uHat.size(1);
        int nj = (int) uHat.size(2);
        int nd = (int) uHat.size(3);
        PredictionGradientRows rows = new PredictionGradientRows();
        backward(result, gradV, stopGradientInsideLoop, rows);
        float[] gradRows = rows.values();
        int perExample = ni * nj * nd;
        if (isChildMinor(uHat)) {
            INDArray gradUHat = Nd4j.createUninitialized(DataType.FLOAT, nb, nj, nd, ni);
            HostLoops.write(gradRows, gradUHat, 0, nb * perExample);
            return childrenFirstView(gradUHat);
        }
        INDArray gradUHat = Nd4j.createUninitialized(DataType.FLOAT, nb, ni, nj, nd);
        float[] raw = HostLoops.floats(RAW, perExample);
        for (int b = 0; b < nb; b++) {
            FloatRows.transpose(gradRows, b * perExample, nj * nd, ni, raw, 0);
            HostLoops.write(raw, gradUHat, (long) b * perExample, perExample);
        }
        return gradUHat;
    }

    /** dL/du_hat as [B][J*D][I] rows in {@code into}, given dL/dv [B, J, D]. */
    static void backward(
            DynamicRouting.Result result, INDArray gradV, boolean stopGradientInsideLoop, PredictionGradientRows into) {
        INDArray uHat = result.uHat;
        int nb = (int) uHat.size(0);
        int ni = (int) uHat.size(1);
        int nj = (int) uHat.size(2);
        int nd = (int) uHat.size(3);
        int iterations = result.cs.size();
        INDArray gradV0 = gradV.castTo(DataType.FLOAT).dup('c');
        boolean childMinor = isChildMinor(uHat);
        int parents = nj * ni;
        int coordinates = nj * nd;
        float[] gradU = into.reset(nb, coordinates, ni); // each example's rows written by one thread
        HostLoops.forEachExample(nb, b -> {
            float[] u = predictionRows(uHat, childMinor, b, ni, coordinates);
            int base = b * coordinates * ni;
            Arrays.fill(gradU, base, base + coordinates * ni, 0f);
            float[] c = HostLoops.floats(COUPLING, parents);
            float[] s = HostLoops.floats(S, coordinates);
            float[] v = HostLoops.floats(V, coordinates);
            float[] f = HostLoops.floats(FACTOR, nj);
            float[] twoDf = HostLoops.floats(TWO_FACTOR_SLOPE, nj);
            float[] gV = HostLoops.floats(GRAD_V, coordinates);
            float[] gS = HostLoops.floats(GRAD_S, coordinates);
            float[] gradC = HostLoops.floats(GRAD_COUPLING, parents);
            float[] weighted = HostLoops.floats(PER_CHILD, ni);
            float[] gradLogits = HostLoops.floats(LOGITS, parents); // dL/db^r, [J][I]
            boolean haveGradLogitsNext = false; // dL/db^{r+1} is in gradLogits
            for (int r = iterations - 1; r >= 0; r--) {
                HostLoops.read(denseCoupling(result.cs.get(r)), (long) b * parents, c, parents);
                HostLoops.read(result.ss.get(r), (long) b * coordinates, s, coordinates);
                HostLoops.read(result.squashFactors.get(r)[0], (long) b * nj, f, nj);
                HostLoops.read(result.squashFactors.get(r)[1], (long) b * nj, twoDf, nj);
                boolean agreementPath = r < iterations - 1;
                if (agreementPath) {
                    // v^r fed the agreements b^{r+1} = b^r + u_hat . v^r: dL/dv^r here, that path's dL/du_hat below.
                    HostLoops.read(result.vs.get(r), (long) b * coordinates, v, coordinates);
                    for (int jd = 0; jd < coordinates; jd++) {
                        gV[jd] = FloatRows.dot(gradLogits, jd / nd * ni, u, jd * ni, ni);
                    }
                } else {
                    HostLoops.read(gradV0, (long) b * coordinates, gV, coordinates);
                }
                squashBackward(s, gV, f, twoDf, gS, nj, nd);
                for (int jd = 0; jd < coordinates; jd++) { // s^r = sum_i c^r u_hat, and the agreement path
                    int parentRow = jd / nd * ni;
                    FloatRows.axpy(gS[jd], c, parentRow, gradU, base + jd * ni, ni);
                    if (agreementPath) {
                        FloatRows.axpy(v[jd], gradLogits, parentRow, gradU, base + jd * ni, ni);
                    }
                }
                if (stopGradientInsideLoop) {
                    break; // c^R and earlier are constants
                }
                if (r > 0) { // b^1 = 0 is a constant
                    softmaxBackward(u, gS, c, gradC, weighted, gradLogits, haveGradLogitsNext, ni, nj, nd);
                    haveGradLogitsNext = true;
                }
            }
        });
    }

    /**
     * One example's u_hat as [J*D][I] rows in this thread's scratch array: read as is from a child-minor array,
     * transposed from a dense [B, I, J, D] one.
     */
    private static float[] predictionRows(INDArray uHat, boolean childMinor, int example, int ni, int coordinates) {
        long at = (long) example * ni * coordinates;
        float[] u = HostLoops.floats(PREDICTIONS, ni * coordinates);
        if (childMinor) {
            HostLoops.read(uHat, at, u, ni * coordinates);
            return u;
        }
        float[] raw = HostLoops.floats(RAW, ni * coordinates);
        HostLoops.read(uHat, at, raw, ni * coordinates);
        FloatRows.transpose(raw, 0, ni, coordinates, u, 0);
        return u;
    }

    /** The dense [B, J, I] array behind a stored [B, I, J] view of the coupling coefficients. */
    private static INDArray denseCoupling(INDArray couplingView) {
        INDArray dense = couplingView.permute(0, 2, 1);
        if (!Shape.hasDefaultStridesForShape(dense)) {
            throw new IllegalStateException("coupling coefficients are not a [B, I, J] view of a dense [B, J, I]");
        }
        return dense;
    }

    /**
     * dL/db^r into {@code gradLogits} [J][I], given dL/ds^r: dL/dc^r[j][i] = gS_j . u_hat(j|i), then the softmax
     * backward over j, plus dL/db^{r+1} already in {@code gradLogits} when {@code addToNext}.
     */
    private static void softmaxBackward(
            float[] u,
            float[] gS,
            float[] c,
            float[] gradC,
            float[] weighted,
            float[] gradLogits,
            boolean addToNext,
            int ni,
            int nj,
            int nd) {
        Arrays.fill(gradC, 0, nj * ni, 0f);
        for (int jd = 0; jd < nj * nd; jd++) {
            FloatRows.axpy(gS[jd], u, jd * ni, gradC, jd / nd * ni, ni);
        }
        Arrays.fill(weighted, 0, ni, 0f); // sum_j c[j][i] dL/dc[j][i]
        for (int j = 0; j < nj; j++) {
            for (int i = 0; i < ni; i++) {
                weighted[i] += c[j * ni + i] * gradC[j * ni + i];
            }
        }
        for (int j = 0; j < nj; j++) {
            for (int i = 0; i < ni; i++) {
                int at = j * ni + i;
                float g = c[at] * (gradC[at] - weighted[i]);
                gradLogits[at] = addToNext ? g + gradLogits[at] : g;
            }
        }
    }

    /** v = f s per parent with the factors {@link Squash} uses: f = a / ((1+a) sqrt(a+eps)), and 2 f'(a). */
    private static void squash(float[] s, float[] v, float[] f, float[] twoDf, int nj, int nd) {
        for (int j = 0; j < nj; j++) {
            int sj = j * nd;
            double a = 0;
            for (int d = 0; d < nd; d++) {
                a += (double) s[sj + d] * s[sj + d];
            }
            double aEps = a + Squash.EPSILON;
            double q = 1.0 / (1.0 + a);
            double qn = q / Math.sqrt(aEps);
            f[j] = (float) (a * qn);
            twoDf[j] = (float) ((2.0 * q - a / aEps) * qn);
            for (int d = 0; d < nd; d++) {
                v[sj + d] = f[j] * s[sj + d];
            }
        }
    }

    /** dL/ds = f dL/dv + 2 f'(a) (s . dL/dv) s per parent. */
    private static void squashBackward(float[] s, float[] gV, float[] f, float[] twoDf, float[] gS, int nj, int nd) {
        for (int j = 0; j < nj; j++) {
            int sj = j * nd;
            double dot = 0;
            for (int d = 0; d < nd; d++) {
                dot += (double) s[sj + d] * gV[sj + d];
            }
            for (int d = 0; d < nd; d++) {
                gS[sj + d] = (float) (f[j] * gV[sj + d] + twoDf[j] * dot * s[sj + d]);
            }
        }
    }
}
