package org.capsnet.capsule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The Java routing (CPU backend) and the ND4J-ops routing (every other backend) compute the same forward values and
 * gradients; the gradient itself is checked against finite differences in {@link DynamicRoutingTest}, which runs the
 * Java path on the CPU backend.
 */
class HostRoutingTest {

    @ParameterizedTest
    @CsvSource({"1, false, DOUBLE", "3, false, DOUBLE", "3, true, DOUBLE", "3, false, FLOAT", "2, true, FLOAT"})
    void javaAndNd4jPathsAgree(int iterations, boolean stopGradient, DataType type) {
        Nd4j.getRandom().setSeed(7);
        INDArray uHat = Nd4j.randn(type, 3, 20, 5, 8).muli(0.3);
        INDArray gradV = Nd4j.randn(type, 3, 5, 8);
        DynamicRouting routing = new DynamicRouting(iterations, stopGradient);
        assertTrue(HostRouting.supports(uHat));

        DynamicRouting.Result host = routing.forward(uHat);
        DynamicRouting.Result nd4j = routing.forwardNd4j(uHat);
        double tolerance = type == DataType.DOUBLE ? 1e-12 : 1e-5;
        for (int r = 0; r < iterations; r++) {
            assertClose(nd4j.couplingCoefficients(r), host.couplingCoefficients(r), tolerance, "c at " + r);
            assertClose(nd4j.s(r), host.s(r), tolerance, "s at " + r);
            assertClose(nd4j.v(r), host.v(r), tolerance, "v at " + r);
        }
        assertClose(routing.backwardNd4j(nd4j, gradV), routing.backward(host, gradV), tolerance * 10, "dL/du_hat");
    }

    @ParameterizedTest
    @CsvSource({"true", "false"})
    void stridedOrIntegerInputTakesTheNd4jPath(boolean strided) {
        INDArray uHat = strided
                ? Nd4j.rand(DataType.FLOAT, 2, 3, 4, 5).permute(0, 1, 2, 3).dup('f')
                : Nd4j.rand(DataType.FLOAT, 2, 3, 4, 5).castTo(DataType.INT32);
        assertFalse(HostRouting.supports(uHat));
    }

    private static void assertClose(INDArray expected, INDArray actual, double tolerance, String what) {
        assertEquals(0.0, expected.sub(actual).amaxNumber().doubleValue(), tolerance, what);
    }
}
