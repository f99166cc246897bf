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

    private Squash() {
    }

    /** Returns v = squash(s), same shape as s. */
    public static INDArray forward(INDArray s) {
        int last = s.rank() - 1;
        INDArray n2 = s.mul(s).sum(true, last);                  // [..., 1]
        INDArray norm = Transforms.sqrt(n2.add(EPSILON), false);
        INDArray scale = n2.div(n2.add(1.0).muli(norm));         // |s|^2 / ((1+|s|^2) |s|)
        return s.mul(scale);
    }

    /**
     * Returns dL/ds given dL/dv. With v = f(a) s, a = sum s^2, f(a) = a / ((1+a) sqrt(a+eps)):
     * dL/ds = f g + 2 f'(a) (s.g) s, where f'(a) = (1/((1+a) sqrt(a+eps))) (1/(1+a) - a/(2(a+eps))).
     */
    public static INDArray backward(INDArray s, INDArray gradV) {
        requireSameShape(s, gradV);
        int last = s.rank() - 1;
        INDArray n2 = s.mul(s).sum(true, last);
        INDArray n2PlusEps = n2.add(EPSILON);
        INDArray onePlus = n2.add(1.0);
        INDArray inv = Transforms.sqrt(n2PlusEps, true).muli(onePlus).rdivi(1.0);   // 1/((1+a) sqrt(a+eps))
        INDArray f = n2.mul(inv);
        INDArray dfda = onePlus.rdiv(1.0).subi(n2.div(n2PlusEps).muli(0.5)).muli(inv);
        INDArray dot = s.mul(gradV).sum(true, last);
        INDArray coeff = dfda.muli(dot).muli(2.0);
        return gradV.mul(f).addi(s.mul(coeff));
    }

    static void requireSameShape(INDArray a, INDArray b) {
        if (!java.util.Arrays.equals(a.shape(), b.shape())) {
            throw new IllegalArgumentException("shape mismatch: " + java.util.Arrays.toString(a.shape())
                    + " vs " + java.util.Arrays.toString(b.shape()));
        }
    }
}
