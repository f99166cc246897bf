package org.capsnet.capsule;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.Function;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Central finite differences in float64 for the scalar objective L = sum(f(x) * R); shared with capsule.em. */
public final class GradientCheck {

    private static final double STEP = 1e-6;

    private GradientCheck() {}

    public static INDArray random(long seed, long... shape) {
        Nd4j.getRandom().setSeed(seed);
        return Nd4j.randn(DataType.DOUBLE, shape);
    }

    /** Numeric dL/dx, where L(x) = sum(f(x) * weights). */
    public static INDArray numericGradient(Function<INDArray, INDArray> f, INDArray x, INDArray weights) {
        INDArray probe = x.dup('c');
        INDArray grad = Nd4j.create(DataType.DOUBLE, x.shape());
        INDArray flatProbe = probe.reshape(probe.length());
        INDArray flatGrad = grad.reshape(grad.length());
        for (long k = 0; k < probe.length(); k++) {
            double x0 = flatProbe.getDouble(k);
            flatProbe.putScalar(k, x0 + STEP);
            double plus = f.apply(probe).mul(weights).sumNumber().doubleValue();
            flatProbe.putScalar(k, x0 - STEP);
            double minus = f.apply(probe).mul(weights).sumNumber().doubleValue();
            flatProbe.putScalar(k, x0);
            flatGrad.putScalar(k, (plus - minus) / (2 * STEP));
        }
        return grad;
    }

    /** Asserts that the analytic gradient matches the numeric one, as a whole and element by element. */
    public static void assertMatches(String what, INDArray analytic, INDArray numeric) {
        assertTrue(
                java.util.Arrays.equals(analytic.shape(), numeric.shape()),
                what + ": shape " + java.util.Arrays.toString(analytic.shape()) + " vs "
                        + java.util.Arrays.toString(numeric.shape()));
        assertTrue(numeric.norm2Number().doubleValue() > 1e-3, what + ": numeric gradient is (nearly) zero");
        double diff = analytic.sub(numeric).norm2Number().doubleValue();
        double scale =
                analytic.norm2Number().doubleValue() + numeric.norm2Number().doubleValue();
        double relative = diff / scale;
        assertTrue(relative < 1e-7, what + ": relative error " + relative);
        INDArray a = analytic.dup('c').reshape(analytic.length());
        INDArray n = numeric.dup('c').reshape(numeric.length());
        for (long k = 0; k < a.length(); k++) {
            double ak = a.getDouble(k);
            double nk = n.getDouble(k);
            double tolerance = 1e-6 * (Math.abs(ak) + Math.abs(nk)) + 1e-8;
            assertTrue(Math.abs(ak - nk) <= tolerance, what + ": element " + k + " analytic " + ak + " numeric " + nk);
        }
    }
}
