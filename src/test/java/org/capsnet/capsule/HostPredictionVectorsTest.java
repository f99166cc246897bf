package org.capsnet.capsule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The Java prediction vectors (float32, CPU backend) compute what the batched ND4J matmuls compute, in float64 on the
 * same values, forward and backward, from a dL/du_hat in either layout; and through them and the routing, a whole
 * DigitCaps forward and backward matches the ND4J path end to end.
 */
class HostPredictionVectorsTest {
    private static final int B = 6; // a block of four examples, and a partial block of two
    private static final int I = 37; // not a multiple of the vector length: the tails run too
    private static final int DIN = 8;
    private static final int J = 3; // J * D = 18 rows (j, d): full blocks of four, and a partial one of two
    private static final int D = 6;

    @Test
    void forwardAndBackwardMatchNd4jInDouble() {
        Nd4j.getRandom().setSeed(3);
        INDArray u = Nd4j.randn(DataType.FLOAT, B, I, DIN);
        INDArray W = Nd4j.randn(DataType.FLOAT, I, DIN, J * D).muli(0.2);
        INDArray gradUHat = Nd4j.randn(DataType.FLOAT, B, I, J, D);
        assertTrue(HostPredictionVectors.supports(u, W));

        INDArray uHat = PredictionVectors.forward(u, W, J, D);
        assertTrue(HostRouting.isChildMinor(uHat));
        INDArray expected = PredictionVectors.forwardNd4j(u.castTo(DataType.DOUBLE), W.castTo(DataType.DOUBLE), J, D);
        assertClose(expected, uHat, "u_hat");

        INDArray[] reference = PredictionVectors.backwardNd4j(
                u.castTo(DataType.DOUBLE), W.castTo(DataType.DOUBLE), gradUHat.castTo(DataType.DOUBLE));
        INDArray childMinorGrad =
                HostRouting.childrenFirstView(gradUHat.permute(0, 2, 3, 1).dup('c'));
        for (INDArray g : new INDArray[] {gradUHat, childMinorGrad}) {
            INDArray[] host = PredictionVectors.backward(u, W, g);
            assertClose(reference[0], host[0], "dL/du");
            assertClose(reference[1], host[1], "dL/dW");
        }
    }

    /**
     * dL/dW goes straight into a gradient view at an offset of a flat buffer (as DL4J hands it over), parameters
     * around it untouched; and W itself can be such a view.
     */
    @Test
    void backwardWritesTheWeightGradientIntoAViewInPlace() {
        Nd4j.getRandom().setSeed(4);
        INDArray u = Nd4j.randn(DataType.FLOAT, B, I, DIN);
        long nW = (long) I * DIN * J * D;
        INDArray params = Nd4j.randn(DataType.FLOAT, 1, 7 + nW);
        INDArray W = params.get(NDArrayIndex.point(0), NDArrayIndex.interval(7, 7 + nW))
                .reshape('c', I, DIN, J * D);
        INDArray gradUHat = Nd4j.randn(DataType.FLOAT, B, I, J, D);
        PredictionVectors.forward(u, W, J, D);
        INDArray[] expected = PredictionVectors.backward(u, W.dup(), gradUHat);

        INDArray flat = Nd4j.valueArrayOf(new long[] {1, 5 + nW + 3}, -7f, DataType.FLOAT);
        INDArray gradW = flat.get(NDArrayIndex.point(0), NDArrayIndex.interval(5, 5 + nW))
                .reshape('c', I, DIN, J * D);
        assertTrue(gradW.isView() && gradW.offset() == 5);
        INDArray gradU = PredictionVectors.backward(u, W, gradUHat, gradW);
        assertEquals(expected[0], gradU);
        assertEquals(expected[1], gradW);
        for (long k : new long[] {0, 4, 5 + nW, 5 + nW + 2}) {
            assertEquals(-7f, flat.getFloat(0, k), "outside the view at " + k);
        }
    }

    /**
     * Backward reuses the transpose its forward left only when it is of the same W: after a forward with another W
     * it transposes W itself.
     */
    @Test
    void backwardAfterAForwardWithOtherWeightsUsesItsOwnWeights() {
        Nd4j.getRandom().setSeed(9);
        INDArray u = Nd4j.randn(DataType.FLOAT, B, I, DIN);
        INDArray W = Nd4j.randn(DataType.FLOAT, I, DIN, J * D);
        INDArray other = Nd4j.randn(DataType.FLOAT, I, DIN, J * D);
        INDArray gradUHat = PredictionVectors.forward(u, W, J, D).mul(0.5); // any values, W's layout

        INDArray[] expected = PredictionVectors.backward(u, W, gradUHat);
        TransposedWeights transposed = new TransposedWeights();
        INDArray gradW = Nd4j.create(DataType.FLOAT, I, DIN, J * D);
        PredictionVectors.forward(u, W, J, D, transposed);
        assertEquals(expected[0], PredictionVectors.backward(u, W, gradUHat, gradW, transposed));
        assertEquals(expected[1], gradW);
        PredictionVectors.forward(u, other, J, D, transposed);
        assertEquals(expected[0], PredictionVectors.backward(u, W, gradUHat, gradW, transposed));
        assertEquals(expected[1], gradW);
    }

    @Test
    void digitCapsForwardAndBackwardMatchTheNd4jPathEndToEnd() {
        Nd4j.getRandom().setSeed(5);
        INDArray u = Nd4j.randn(DataType.FLOAT, B, I, DIN).muli(0.5);
        INDArray W = Nd4j.randn(DataType.FLOAT, I, DIN, J * D).muli(0.1);
        INDArray gradV = Nd4j.randn(DataType.FLOAT, B, J, D);
        DynamicRouting routing = new DynamicRouting(3, false);

        DynamicRouting.Result host = routing.forward(PredictionVectors.forward(u, W, J, D));
        INDArray[] hostGrads = PredictionVectors.backward(u, W, routing.backward(host, gradV));

        INDArray ud = u.castTo(DataType.DOUBLE);
        INDArray wd = W.castTo(DataType.DOUBLE);
        DynamicRouting.Result nd4j = routing.forwardNd4j(PredictionVectors.forwardNd4j(ud, wd, J, D));
        INDArray[] nd4jGrads =
                PredictionVectors.backwardNd4j(ud, wd, routing.backwardNd4j(nd4j, gradV.castTo(DataType.DOUBLE)));
        assertClose(nd4j.v(), host.v(), "v");
        assertClose(nd4jGrads[0], hostGrads[0], "dL/du");
        assertClose(nd4jGrads[1], hostGrads[1], "dL/dW");
    }

    /**
     * The layer's path (dL/du_hat as Java rows from the routing straight to the prediction vectors) gives exactly the
     * gradients of the path through an ND4J array, twice with one holder (the second step reuses its array).
     */
    @Test
    void gradientsThroughJavaRowsEqualThoseThroughAnNd4jArray() {
        DynamicRouting routing = new DynamicRouting(3, false);
        PredictionGradientRows rows = new PredictionGradientRows();
        for (int step = 0; step < 2; step++) {
            Nd4j.getRandom().setSeed(9 + step);
            INDArray u = Nd4j.randn(DataType.FLOAT, B, I, DIN).muli(0.5);
            INDArray W = Nd4j.randn(DataType.FLOAT, I, DIN, J * D).muli(0.1);
            INDArray gradV = Nd4j.randn(DataType.FLOAT, B, J, D);
            DynamicRouting.Result result = routing.forward(PredictionVectors.forward(u, W, J, D));
            assertTrue(routing.backwardTakesRows(result));

            INDArray[] expected = PredictionVectors.backward(u, W, routing.backward(result, gradV));
            INDArray gradW = Nd4j.create(DataType.FLOAT, I, DIN, J * D);
            routing.backwardInto(result, gradV, rows);
            INDArray gradU = PredictionVectors.backward(u, W, rows, gradW, new TransposedWeights());
            assertEquals(expected[0], gradU, "dL/du");
            assertEquals(expected[1], gradW, "dL/dW");
        }
    }

    @Test
    void javaRowsAreRefusedForAResultOfTheNd4jPath() {
        DynamicRouting routing = new DynamicRouting(2, false);
        INDArray u = Nd4j.randn(DataType.DOUBLE, B, I, DIN);
        INDArray W = Nd4j.randn(DataType.DOUBLE, I, DIN, J * D);
        DynamicRouting.Result result = routing.forward(PredictionVectors.forward(u, W, J, D));
        assertFalse(routing.backwardTakesRows(result));
        INDArray gradV = Nd4j.randn(DataType.DOUBLE, B, J, D);
        assertThrows(
                IllegalArgumentException.class,
                () -> routing.backwardInto(result, gradV, new PredictionGradientRows()));
    }

    private static void assertClose(INDArray expected, INDArray actual, String what) {
        INDArray e = expected.castTo(DataType.DOUBLE);
        INDArray a = actual.castTo(DataType.DOUBLE);
        double scale = Math.max(1.0, e.amaxNumber().doubleValue());
        assertEquals(0.0, e.sub(a).amaxNumber().doubleValue() / scale, 1e-5, what);
    }
}
