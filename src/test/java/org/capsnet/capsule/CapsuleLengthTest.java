package org.capsnet.capsule;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class CapsuleLengthTest {

    @Test
    void lengthGradientMatchesFiniteDifferences() {
        INDArray v = GradientCheck.random(11, 2, 3, 4);
        INDArray weights = GradientCheck.random(12, 2, 3);
        GradientCheck.assertMatches(
                "length",
                CapsuleLength.backward(v, weights),
                GradientCheck.numericGradient(CapsuleLength::forward, v, weights));
    }

    @Test
    void lengthIsTheEuclideanNormOverTheLastAxis() {
        INDArray v = Nd4j.createFromArray(new double[][][] {{{3, 4}, {0, 0}}, {{1, 0}, {0, -2}}});
        INDArray len = CapsuleLength.forward(v);
        assertArrayEquals(new long[] {2, 2}, len.shape());
        assertEquals(Math.sqrt(25 + CapsuleLength.EPSILON), len.getDouble(0, 0), 1e-15);
        assertEquals(Math.sqrt(CapsuleLength.EPSILON), len.getDouble(0, 1), 1e-12);
        assertEquals(Math.sqrt(1 + CapsuleLength.EPSILON), len.getDouble(1, 0), 1e-15);
        assertEquals(Math.sqrt(4 + CapsuleLength.EPSILON), len.getDouble(1, 1), 1e-15);
        INDArray grad = CapsuleLength.backward(v, Nd4j.ones(DataType.DOUBLE, 2, 2));
        assertTrue(Double.isFinite(grad.sumNumber().doubleValue()));
        assertEquals(0.6, grad.getDouble(0, 0, 0), 1e-7);
        assertEquals(0.0, grad.getDouble(0, 1, 0), 0.0);
    }
}
