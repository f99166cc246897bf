package org.capsnet.capsule;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

class DynamicRoutingTest {

    private static final int B = 2;
    private static final int I = 6;
    private static final int J = 3;
    private static final int D = 4;

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3})
    void fullGradientMatchesFiniteDifferences(int iterations) {
        DynamicRouting routing = new DynamicRouting(iterations, false);
        INDArray uHat = GradientCheck.random(41 + iterations, B, I, J, D);
        INDArray weights = GradientCheck.random(51 + iterations, B, J, D);
        INDArray analytic = routing.backward(routing.forward(uHat), weights);
        INDArray numeric = GradientCheck.numericGradient(x -> routing.forward(x).v(), uHat, weights);
        GradientCheck.assertMatches("routing x" + iterations, analytic, numeric);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3})
    void stopGradientVariantMatchesItsDefinition(int iterations) {
        // Definition: u_hat is a constant inside the loop, so the last coupling coefficients c^R are constants and
        // v = squash(sum_i c^R_ij u_hat_j|i) is the only path from u_hat to the output.
        DynamicRouting routing = new DynamicRouting(iterations, true);
        INDArray uHat = GradientCheck.random(61 + iterations, B, I, J, D);
        INDArray weights = GradientCheck.random(71 + iterations, B, J, D);
        DynamicRouting.Result result = routing.forward(uHat);
        INDArray c = result.c().dup().reshape(B, I, J, 1);
        INDArray analytic = routing.backward(result, weights);
        INDArray numeric =
                GradientCheck.numericGradient(x -> Squash.forward(x.mul(c).sum(1)), uHat, weights);
        GradientCheck.assertMatches("stop-gradient routing x" + iterations, analytic, numeric);
        // same forward values as the full-gradient routing
        assertTrue(result.v()
                .equalsWithEps(
                        new DynamicRouting(iterations, false).forward(uHat).v(), 1e-15));
    }

    @Test
    void stopGradientChangesTheGradientOnlyWithMoreThanOneIteration() {
        INDArray uHat = GradientCheck.random(81, B, I, J, D);
        INDArray gradV = GradientCheck.random(82, B, J, D);
        DynamicRouting full1 = new DynamicRouting(1, false);
        DynamicRouting stop1 = new DynamicRouting(1, true);
        assertTrue(full1.backward(full1.forward(uHat), gradV)
                .equalsWithEps(stop1.backward(stop1.forward(uHat), gradV), 1e-14));
        DynamicRouting full3 = new DynamicRouting(3, false);
        DynamicRouting stop3 = new DynamicRouting(3, true);
        INDArray difference =
                full3.backward(full3.forward(uHat), gradV).sub(stop3.backward(stop3.forward(uHat), gradV));
        assertTrue(difference.norm2Number().doubleValue() > 1e-3);
    }

    /**
     * B=1, I=2, J=2, D=2: u_hat(1|1) = (1,0), u_hat(2|1) = (0,2), u_hat(1|2) = (1,1), u_hat(2|2) = (0,-1).
     * Iteration 1: c = 1/2 everywhere; s_1 = (1, 0.5), s_2 = (0, 0.5);
     *   v_1 = (1.25/2.25) (1, 0.5)/sqrt(1.25) = (2 sqrt5/9, sqrt5/9) = (0.4969040, 0.2484520);
     *   v_2 = (0.25/1.25) (0, 1) = (0, 0.2).
     * Agreements: b_11 = 2 sqrt5/9 = 0.4969040, b_12 = 0.4, b_21 = 3 sqrt5/9 = 0.7453560, b_22 = -0.2.
     * Iteration 2: c_11 = sigmoid(b_11 - b_12) = sigmoid(0.0969040) = 0.5242071, c_12 = 0.4757929,
     *   c_21 = sigmoid(0.9453560) = 0.7201803, c_22 = 0.2798197;
     *   s_1 = c_11 (1,0) + c_21 (1,1) = (1.2443873, 0.7201803); s_2 = c_12 (0,2) + c_22 (0,-1) = (0, 0.6717661);
     *   |s_1|^2 = 2.0671, v_1 = 2.0671/3.0671 s_1/|s_1| = (0.5833191, 0.3375918); v_2 = (0, 0.3109482).
     */
    @Test
    void routingMatchesAHandComputedCase() {
        INDArray uHat = Nd4j.createFromArray(new double[][][][] {{{{1, 0}, {0, 2}}, {{1, 1}, {0, -1}}}});
        DynamicRouting.Result one = new DynamicRouting(1, false).forward(uHat);
        assertClose(new double[] {0.4969040, 0.2484520, 0, 0.2}, one.v());
        assertClose(new double[] {0.5, 0.5, 0.5, 0.5}, one.c());
        DynamicRouting.Result two = new DynamicRouting(2, false).forward(uHat);
        assertClose(new double[] {0.5242071, 0.4757929, 0.7201803, 0.2798197}, two.c());
        assertClose(new double[] {1.2443873, 0.7201803, 0, 0.6717661}, two.s(1));
        assertClose(new double[] {0.5833191, 0.3375918, 0, 0.3109482}, two.v());
    }

    @Test
    void routingSoftmaxIsOverParentCapsules() {
        INDArray uHat = GradientCheck.random(91, B, I, J, D);
        DynamicRouting.Result result = new DynamicRouting(3, false).forward(uHat);
        INDArray c = result.c();
        assertArrayEquals(new long[] {B, I, J}, c.shape());
        INDArray overParents = c.sum(2);
        assertTrue(overParents.equalsWithEps(Nd4j.ones(DataType.DOUBLE, B, I), 1e-12));
        INDArray overChildren = c.sum(1);
        // after routing the coefficients are no longer uniform, and do not sum to 1 over the children
        assertTrue(overChildren.sub(1.0).amaxNumber().doubleValue() > 0.1);
        assertTrue(c.sub(1.0 / J).amaxNumber().doubleValue() > 1e-3);
    }

    @Test
    void logitsAreResetForEveryExampleAndEveryCall() {
        DynamicRouting routing = new DynamicRouting(3, false);
        INDArray batch = GradientCheck.random(92, 3, I, J, D);
        DynamicRouting.Result together = routing.forward(batch);
        for (int b = 0; b < 3; b++) {
            INDArray alone = batch.get(
                            NDArrayIndex.interval(b, b + 1), NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.all())
                    .dup();
            DynamicRouting.Result single = routing.forward(alone);
            INDArray slice = together.v().get(NDArrayIndex.interval(b, b + 1), NDArrayIndex.all(), NDArrayIndex.all());
            assertTrue(single.v().equalsWithEps(slice, 1e-14), "example " + b);
            INDArray cSlice = together.c().get(NDArrayIndex.interval(b, b + 1), NDArrayIndex.all(), NDArrayIndex.all());
            assertTrue(single.c().equalsWithEps(cSlice, 1e-14), "example " + b);
        }
        DynamicRouting.Result again = routing.forward(batch);
        assertEquals(together.v(), again.v());
        assertEquals(together.c(), again.c());
        INDArray gradV = GradientCheck.random(93, 3, J, D);
        assertEquals(routing.backward(together, gradV), routing.backward(again, gradV));
    }

    @Test
    void routingWorksInFloat32AndOnStridedInput() {
        DynamicRouting routing = new DynamicRouting(3, false);
        INDArray uHat = GradientCheck.random(94, B, I, J, D);
        INDArray gradV = GradientCheck.random(95, B, J, D);
        DynamicRouting.Result r64 = routing.forward(uHat);
        INDArray g64 = routing.backward(r64, gradV);
        INDArray u32 = uHat.castTo(DataType.FLOAT);
        DynamicRouting.Result r32 = routing.forward(u32);
        INDArray g32 = routing.backward(r32, gradV.castTo(DataType.FLOAT));
        assertEquals(DataType.FLOAT, r32.v().dataType());
        assertEquals(DataType.FLOAT, g32.dataType());
        assertTrue(r32.v().castTo(DataType.DOUBLE).equalsWithEps(r64.v(), 1e-5));
        assertTrue(g32.castTo(DataType.DOUBLE).equalsWithEps(g64, 1e-4));
        // a non-contiguous view of the same values gives the same results
        INDArray strided = uHat.permute(1, 0, 2, 3).dup('c').permute(1, 0, 2, 3);
        DynamicRouting.Result rs = routing.forward(strided);
        assertTrue(rs.v().equalsWithEps(r64.v(), 1e-14));
        assertTrue(routing.backward(rs, gradV).equalsWithEps(g64, 1e-14));
    }

    @Test
    void rejectsBadArguments() {
        assertThrows(IllegalArgumentException.class, () -> new DynamicRouting(0, false));
        assertThrows(
                IllegalArgumentException.class,
                () -> new DynamicRouting(2, false).forward(Nd4j.zeros(DataType.DOUBLE, 2, 3, 4)));
        DynamicRouting.Result result = new DynamicRouting(2, false).forward(GradientCheck.random(96, B, I, J, D));
        assertThrows(
                IllegalArgumentException.class,
                () -> new DynamicRouting(3, false).backward(result, Nd4j.zeros(DataType.DOUBLE, B, J, D)));
    }

    private static void assertClose(double[] expected, INDArray actual) {
        INDArray flat = actual.dup('c').reshape(actual.length());
        assertEquals(expected.length, flat.length());
        for (int k = 0; k < expected.length; k++) {
            assertEquals(expected[k], flat.getDouble(k), 1e-6, "element " + k);
        }
    }
}
