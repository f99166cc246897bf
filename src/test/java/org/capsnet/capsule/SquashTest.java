package org.capsnet.capsule;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

class SquashTest {

    @Test
    void squashGradientMatchesFiniteDifferencesRank3() {
        INDArray s = GradientCheck.random(1, 2, 3, 4);
        INDArray weights = GradientCheck.random(2, 2, 3, 4);
        GradientCheck.assertMatches(
                "squash", Squash.backward(s, weights), GradientCheck.numericGradient(Squash::forward, s, weights));
    }

    @Test
    void squashGradientMatchesFiniteDifferencesRank2SmallAndLargeVectors() {
        INDArray s = GradientCheck.random(3, 5, 8);
        s.getRow(0).muli(0.01); // |s| << 1
        s.getRow(1).muli(20.0); // |s| >> 1
        INDArray weights = GradientCheck.random(4, 5, 8);
        GradientCheck.assertMatches(
                "squash rank 2",
                Squash.backward(s, weights),
                GradientCheck.numericGradient(Squash::forward, s, weights));
    }

    @Test
    void squashOfZeroIsExactlyZeroWithFiniteGradient() {
        for (DataType type : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            INDArray s = Nd4j.zeros(type, 2, 3, 4);
            INDArray v = Squash.forward(s);
            assertEquals(type, v.dataType());
            assertEquals(0.0, v.amaxNumber().doubleValue(), 0.0);
            INDArray grad = Squash.backward(s, Nd4j.ones(type, 2, 3, 4));
            assertEquals(type, grad.dataType());
            assertTrue(Double.isFinite(grad.sumNumber().doubleValue()));
            assertTrue(Double.isFinite(grad.amaxNumber().doubleValue()));
        }
    }

    @Test
    void squashKeepsDirectionAndBoundsLength() {
        INDArray s = GradientCheck.random(5, 3, 6, 16).muli(3.0);
        INDArray v = Squash.forward(s);
        INDArray sNorm = s.norm2(2);
        INDArray vNorm = v.norm2(2);
        assertTrue(vNorm.maxNumber().doubleValue() < 1.0);
        // cosine between s and v is 1 for every capsule
        INDArray cosine = s.mul(v).sum(2).div(sNorm.mul(vNorm));
        assertEquals(1.0, cosine.minNumber().doubleValue(), 1e-12);
        // a longer s gives a longer v
        INDArray big = Squash.forward(s.mul(2.0)).norm2(2);
        assertTrue(big.sub(vNorm).minNumber().doubleValue() > 0);
    }

    @Test
    void squashMatchesTheFormulaAtAPoint() {
        // s = (3, 4): |s|^2 = 25, v = 25/26 * (3, 4)/5 = (0.576923..., 0.769230...)
        INDArray s = Nd4j.createFromArray(new double[][] {{3.0, 4.0}});
        INDArray v = Squash.forward(s);
        double norm = Math.sqrt(25 + Squash.EPSILON);
        assertEquals(25.0 / 26.0 * 3.0 / norm, v.getDouble(0, 0), 1e-15);
        assertEquals(25.0 / 26.0 * 4.0 / norm, v.getDouble(0, 1), 1e-15);
        assertEquals(15.0 / 26.0, v.getDouble(0, 0), 1e-8);
        assertEquals(20.0 / 26.0, v.getDouble(0, 1), 1e-8);
    }

    @Test
    void squashWorksInFloat32() {
        INDArray s64 = GradientCheck.random(6, 4, 10, 16);
        INDArray s32 = s64.castTo(DataType.FLOAT);
        INDArray v32 = Squash.forward(s32);
        assertEquals(DataType.FLOAT, v32.dataType());
        assertTrue(v32.castTo(DataType.DOUBLE).equalsWithEps(Squash.forward(s64), 1e-5));
        INDArray g = GradientCheck.random(7, 4, 10, 16);
        INDArray grad32 = Squash.backward(s32, g.castTo(DataType.FLOAT));
        assertEquals(DataType.FLOAT, grad32.dataType());
        assertTrue(grad32.castTo(DataType.DOUBLE).equalsWithEps(Squash.backward(s64, g), 1e-4));
    }

    /** The Java loops (dense arrays on the CPU) and the ND4J ops (every other backend) agree, in float and double. */
    @ParameterizedTest
    @EnumSource(
            value = DataType.class,
            names = {"FLOAT", "DOUBLE"})
    void javaLoopsMatchTheNd4jOps(DataType type) {
        Nd4j.getRandom().setSeed(4);
        INDArray s = Nd4j.randn(type, 5, 7, 8);
        s.putScalar(new long[] {0, 0, 0}, 0.0);
        s.get(NDArrayIndex.point(1), NDArrayIndex.point(2)).assign(0); // a zero capsule
        INDArray g = Nd4j.randn(type, 5, 7, 8);
        double tolerance = type == DataType.DOUBLE ? 1e-12 : 1e-5;
        assertTrue(Squash.forwardNd4j(s).equalsWithEps(Squash.forward(s), tolerance));
        assertTrue(Squash.backwardNd4j(s, g).equalsWithEps(Squash.backward(s, g), tolerance));
    }
}
