package org.capsnet.capsule;

import org.capsnet.host.HostLoops;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The capsule non-linearity {@code v = |s|^2 / (1 + |s|^2) * s / |s|} over the last axis, with
 * {@code |s| = sqrt(sum s^2 + EPSILON)}: s = 0 gives v = 0 and a finite (zero) gradient.
 *
 * <p>Shapes: {@code s} is {@code [..., D]} (rank 2 or 3, last axis the capsule dimension); v and dL/ds have the
 * same shape. Works in the input's data type. {@link #forward} and {@link #backward} run as Java loops over dense
 * arrays on the CPU backend, as ND4J ops otherwise (the ND4J forms are the reference the tests compare with).
 */
public final class Squash {

    /** Added to |s|^2 inside the square root. */
    public static final double EPSILON = 1e-7;

    private Squash() {}

    /** Returns v = squash(s), same shape as s. */
    public static INDArray forward(INDArray s) {
        return HostLoops.supports(s) ? hostForward(s) : forwardNd4j(s);
    }

    /** {@link #forward} as ND4J ops (every backend). */
    static INDArray forwardNd4j(INDArray s) {
        int last = s.rank() - 1;
        INDArray n2 = s.mul(s).sum(true, last); // [..., 1]
        INDArray norm = Transforms.sqrt(n2.add(EPSILON), false);
        INDArray scale = n2.div(n2.add(1.0).muli(norm)); // |s|^2 / ((1+|s|^2) |s|)
        return s.mul(scale);
    }

    /**
     * Returns dL/ds given dL/dv. With v = f(a) s, a = sum s^2, f(a) = a / ((1+a) sqrt(a+eps)):
     * dL/ds = f g + 2 f'(a) (s.g) s, where 2 f'(a) = (2/(1+a) - a/(a+eps)) / ((1+a) sqrt(a+eps)).
     */
    public static INDArray backward(INDArray s, INDArray gradV) {
        requireSameShape(s, gradV);
        return HostLoops.supports(s, gradV) && s.dataType() == gradV.dataType()
                ? hostBackward(s, gradV)
                : backwardNd4j(s, gradV);
    }

    /** {@link #backward} as ND4J ops (every backend). */
    static INDArray backwardNd4j(INDArray s, INDArray gradV) {
        INDArray[] factors = factors(s);
        return backward(s, gradV, factors[0], factors[1]);
    }

    /** v = squash(s) together with its factors {v, f, 2 f'(a)}, so that a later backward need not recompute them. */
    static INDArray[] forwardWithFactors(INDArray s) {
        INDArray[] factors = factors(s);
        return new INDArray[] {s.mul(factors[0]), factors[0], factors[1]};
    }

    /** dL/ds from the factors f and 2 f'(a) ([..., 1]) of {@link #forwardWithFactors}. */
    static INDArray backward(INDArray s, INDArray gradV, INDArray f, INDArray twoDf) {
        INDArray dot = s.mul(gradV).sum(true, s.rank() - 1); // s.g, [..., 1]
        return gradV.mul(f).addi(s.mul(twoDf.mul(dot)));
    }

    /** {f, 2 f'(a)} over the last axis, each [..., 1]. */
    private static INDArray[] factors(INDArray s) {
        INDArray a = s.mul(s).sum(true, s.rank() - 1);
        INDArray aEps = a.add(EPSILON);
        INDArray q = a.add(1.0).rdivi(1.0); // 1/(1+a)
        INDArray qn = q.div(Transforms.sqrt(aEps, true)); // 1/((1+a) sqrt(a+eps))
        INDArray f = a.mul(qn);
        INDArray twoDf = q.muli(2.0).subi(a.divi(aEps)).muli(qn);
        return new INDArray[] {f, twoDf};
    }

    /**
     * {@link #forward} as Java loops over capsules (CPU backend, dense arrays), in double whatever the array type: a
     * dozen ND4J ops over PrimaryCaps' 295k values cost about 2 ms a step, the loop a tenth of that.
     */
    private static INDArray hostForward(INDArray s) {
        int d = (int) s.size(s.rank() - 1);
        INDArray v = Nd4j.createUninitialized(s.dataType(), s.shape());
        HostLoops.forEachChunk((int) (s.length() / d), (chunk, from, to) -> {
            int n = (to - from) * d;
            double[] x = HostLoops.doubles(0, n);
            HostLoops.read(s, (long) from * d, x, n);
            for (int at = 0; at < n; at += d) {
                double a = 0;
                for (int k = 0; k < d; k++) {
                    a += x[at + k] * x[at + k];
                }
                double f = a / ((1.0 + a) * Math.sqrt(a + EPSILON));
                for (int k = 0; k < d; k++) {
                    x[at + k] *= f;
                }
            }
            HostLoops.write(x, v, (long) from * d, n);
        });
        return v;
    }

    /** {@link #backward} as Java loops over capsules, in double: dL/ds = f g + 2 f'(a) (s.g) s. */
    private static INDArray hostBackward(INDArray s, INDArray gradV) {
        int d = (int) s.size(s.rank() - 1);
        INDArray gradS = Nd4j.createUninitialized(s.dataType(), s.shape());
        HostLoops.forEachChunk((int) (s.length() / d), (chunk, from, to) -> {
            int n = (to - from) * d;
            double[] x = HostLoops.doubles(0, n);
            double[] g = HostLoops.doubles(1, n);
            HostLoops.read(s, (long) from * d, x, n);
            HostLoops.read(gradV, (long) from * d, g, n);
            for (int at = 0; at < n; at += d) {
                double a = 0;
                double dot = 0;
                for (int k = 0; k < d; k++) {
                    a += x[at + k] * x[at + k];
                    dot += x[at + k] * g[at + k];
                }
                double aEps = a + EPSILON;
                double q = 1.0 / (1.0 + a);
                double qn = q / Math.sqrt(aEps);
                double f = a * qn;
                double twoDfDot = (2.0 * q - a / aEps) * qn * dot;
                for (int k = 0; k < d; k++) {
                    g[at + k] = f * g[at + k] + twoDfDot * x[at + k];
                }
            }
            HostLoops.write(g, gradS, (long) from * d, n);
        });
        return gradS;
    }

    static void requireSameShape(INDArray a, INDArray b) {
        if (!java.util.Arrays.equals(a.shape(), b.shape())) {
            throw new IllegalArgumentException("shape mismatch: " + java.util.Arrays.toString(a.shape()) + " vs "
                    + java.util.Arrays.toString(b.shape()));
        }
    }
}
