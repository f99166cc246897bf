package org.capsnet.capsule;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

class PredictionVectorsTest {

    private static final int B = 2;
    private static final int I = 6;
    private static final int DIN = 3;
    private static final int J = 3;
    private static final int DOUT = 4;

    @Test
    void predictionIsWijTimesUiForEveryPair() {
        INDArray u = GradientCheck.random(21, B, I, DIN);
        INDArray w = GradientCheck.random(22, I, DIN, J * DOUT);
        INDArray uHat = PredictionVectors.forward(u, w, J, DOUT);
        assertArrayEquals(new long[] {B, I, J, DOUT}, uHat.shape());
        for (int b = 0; b < B; b++) {
            for (int i = 0; i < I; i++) {
                for (int j = 0; j < J; j++) {
                    INDArray wij = w.get(
                            NDArrayIndex.point(i),
                            NDArrayIndex.all(),
                            NDArrayIndex.interval(j * DOUT, (j + 1) * DOUT)); // [Din, Dout]
                    INDArray expected = u.get(NDArrayIndex.point(b), NDArrayIndex.point(i), NDArrayIndex.all())
                            .reshape(1, DIN)
                            .mmul(wij)
                            .reshape(DOUT);
                    INDArray actual = uHat.get(
                                    NDArrayIndex.point(b),
                                    NDArrayIndex.point(i),
                                    NDArrayIndex.point(j),
                                    NDArrayIndex.all())
                            .reshape(DOUT);
                    assertTrue(expected.equalsWithEps(actual, 1e-12), "b " + b + " i " + i + " j " + j);
                }
            }
        }
    }

    @Test
    void gradientWithRespectToInputsMatchesFiniteDifferences() {
        INDArray u = GradientCheck.random(23, B, I, DIN);
        INDArray w = GradientCheck.random(24, I, DIN, J * DOUT);
        INDArray weights = GradientCheck.random(25, B, I, J, DOUT);
        INDArray[] grads = PredictionVectors.backward(u, w, weights);
        GradientCheck.assertMatches(
                "gradU",
                grads[0],
                GradientCheck.numericGradient(x -> PredictionVectors.forward(x, w, J, DOUT), u, weights));
    }

    @Test
    void gradientWithRespectToWeightsMatchesFiniteDifferences() {
        INDArray u = GradientCheck.random(26, B, I, DIN);
        INDArray w = GradientCheck.random(27, I, DIN, J * DOUT);
        INDArray weights = GradientCheck.random(28, B, I, J, DOUT);
        INDArray[] grads = PredictionVectors.backward(u, w, weights);
        GradientCheck.assertMatches(
                "gradW",
                grads[1],
                GradientCheck.numericGradient(x -> PredictionVectors.forward(u, x, J, DOUT), w, weights));
    }

    @Test
    void worksInFloat32() {
        INDArray u = GradientCheck.random(29, B, I, DIN);
        INDArray w = GradientCheck.random(30, I, DIN, J * DOUT);
        INDArray g = GradientCheck.random(31, B, I, J, DOUT);
        INDArray out32 = PredictionVectors.forward(u.castTo(DataType.FLOAT), w.castTo(DataType.FLOAT), J, DOUT);
        assertEquals(DataType.FLOAT, out32.dataType());
        assertTrue(out32.castTo(DataType.DOUBLE).equalsWithEps(PredictionVectors.forward(u, w, J, DOUT), 1e-5));
        INDArray[] g32 = PredictionVectors.backward(
                u.castTo(DataType.FLOAT), w.castTo(DataType.FLOAT), g.castTo(DataType.FLOAT));
        INDArray[] g64 = PredictionVectors.backward(u, w, g);
        assertTrue(g32[0].castTo(DataType.DOUBLE).equalsWithEps(g64[0], 1e-4));
        assertTrue(g32[1].castTo(DataType.DOUBLE).equalsWithEps(g64[1], 1e-4));
    }
}
