package org.capsnet.capsule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The Java routing (float32 on the CPU backend) computes the forward values and gradients of the ND4J-ops routing
 * (every other backend, and float64), whose gradient is checked against finite differences in
 * {@link DynamicRoutingTest}: against ND4J in float32 and, tighter than float32's own rounding would allow a wrong
 * formula to pass, against ND4J in float64 on the same values.
 */
class HostRoutingTest {

    @ParameterizedTest
    @CsvSource({"1, false", "3, false", "3, true", "2, true"})
    void javaPathMatchesNd4jInFloatAndInDouble(int iterations, boolean stopGradient) {
        Nd4j.getRandom().setSeed(7);
        INDArray uHat = Nd4j.randn(DataType.FLOAT, 3, 20, 5, 8).muli(0.3);
        INDArray gradV = Nd4j.randn(DataType.FLOAT, 3, 5, 8);
        DynamicRouting routing = new DynamicRouting(iterations, stopGradient);
        assertTrue(HostRouting.supports(uHat));

        DynamicRouting.Result host = routing.forward(uHat);
        INDArray gradHost = routing.backward(host, gradV);
        for (DataType reference : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            DynamicRouting.Result nd4j = routing.forwardNd4j(uHat.castTo(reference));
            for (int r = 0; r < iterations; r++) {
                assertClose(nd4j.couplingCoefficients(r), host.couplingCoefficients(r), 1e-6, "c at " + r);
                assertClose(nd4j.s(r), host.s(r), 1e-5, "s at " + r);
                assertClose(nd4j.v(r), host.v(r), 1e-5, "v at " + r);
            }
            assertClose(routing.backwardNd4j(nd4j, gradV.castTo(reference)), gradHost, 1e-5, "dL/du_hat");
        }
    }

    /** u_hat as made by the Java prediction vectors (a view of [B, J, D, I]) routes like the same values dense. */
    @Test
    void childMinorLayoutGivesTheSameRoutingAndGradientInItsOwnLayout() {
        Nd4j.getRandom().setSeed(11);
        INDArray dense = Nd4j.randn(DataType.FLOAT, 2, 30, 4, 6).muli(0.3);
        INDArray childMinor =
                HostRouting.childrenFirstView(dense.permute(0, 2, 3, 1).dup('c'));
        assertTrue(HostRouting.isChildMinor(childMinor));
        assertFalse(HostRouting.isChildMinor(dense));
        INDArray gradV = Nd4j.randn(DataType.FLOAT, 2, 4, 6);
        DynamicRouting routing = new DynamicRouting(3, false);

        DynamicRouting.Result a = routing.forward(dense);
        DynamicRouting.Result b = routing.forward(childMinor);
        assertEquals(a.v(), b.v());
        assertEquals(a.c(), b.c());
        INDArray gradA = routing.backward(a, gradV);
        INDArray gradB = routing.backward(b, gradV);
        assertTrue(HostRouting.isChildMinor(gradB));
        assertEquals(gradA, gradB.dup('c'));
    }

    @ParameterizedTest
    @CsvSource({"strided", "integer", "double"})
    void stridedIntegerOrDoubleInputTakesTheNd4jPath(String kind) {
        INDArray uHat = switch (kind) {
            case "strided" -> Nd4j.rand(DataType.FLOAT, 2, 3, 4, 5).dup('f');
            case "integer" -> Nd4j.rand(DataType.FLOAT, 2, 3, 4, 5).castTo(DataType.INT32);
            default -> Nd4j.rand(DataType.DOUBLE, 2, 3, 4, 5);
        };
        assertFalse(HostRouting.supports(uHat));
    }

    private static void assertClose(INDArray expected, INDArray actual, double tolerance, String what) {
        INDArray e = expected.castTo(DataType.DOUBLE);
        INDArray a = actual.castTo(DataType.DOUBLE);
        double scale = Math.max(1.0, e.amaxNumber().doubleValue());
        assertEquals(0.0, e.sub(a).amaxNumber().doubleValue() / scale, tolerance, what);
    }
}
