package org.capsnet.capsule;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The capsule non-linearity {@code v = |s|^2 / (1 + |s|^2) * s / |s|} over the last axis, with
 * {@code |s| = sqrt(sum s^2 + EPSILON)}: s = 0 gives v = 0 and a finite (zero) gradient.
 *
 * <p>Shapes: {@code s} is {@code [..., D]} (rank 2 or 3, last axis the capsule dimension); v and dL/ds have the
 * same shape. Works in the input's data type.
 */
public final class Squash {

    /** Added to |s|^2 inside the square root. */
    public static final double EPSILON = 1e-7;

    private Squash() {}

    /** Returns v = squash(s), same shape as s. */
    public static INDArray forward(INDArray s) {
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

    static void requireSameShape(INDArray a, INDArray b) {
        if (!java.util.Arrays.equals(a.shape(), b.shape())) {
            throw new IllegalArgumentException("shape mismatch: " + java.util.Arrays.toString(a.shape()) + " vs "
                    + java.util.Arrays.toString(b.shape()));
        }
    }
}
