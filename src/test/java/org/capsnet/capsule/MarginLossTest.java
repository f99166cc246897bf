package org.capsnet.capsule;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class MarginLossTest {

    private final MarginLoss loss = MarginLoss.paperDefaults();

    @Test
    void marginLossMatchesHandComputedValues() {
        // present 0.95 -> 0; absent 0.05 -> 0; present 0.5 -> (0.9-0.5)^2 = 0.16; absent 0.5 -> 0.5 (0.5-0.1)^2 = 0.08
        INDArray lengths = Nd4j.createFromArray(new double[][] {{0.95, 0.05, 0.5, 0.5}, {0.95, 0.05, 0.9, 0.1}});
        INDArray targets = Nd4j.createFromArray(new double[][] {{1, 0, 1, 0}, {0, 1, 1, 0}});
        INDArray perExample = loss.perExample(lengths, targets);
        assertArrayEquals(new long[] {2}, perExample.shape());
        assertEquals(0.24, perExample.getDouble(0), 1e-12);
        // absent 0.95 -> 0.5 (0.85)^2 = 0.36125; present 0.05 -> (0.85)^2 = 0.7225; exactly at the margins -> 0
        assertEquals(0.36125 + 0.7225, perExample.getDouble(1), 1e-12);
        INDArray gradient = loss.gradient(lengths, targets);
        assertClose(new double[] {0, 0, -0.8, 0.4, 2 * 0.5 * 0.85, -2 * 0.85, 0, 0}, gradient);
    }

    @Test
    void marginLossAcceptsMultiHotTargets() {
        // two digits present (MultiMNIST): lengths 0.8, 0.3 present, 0.2 absent
        // (0.9-0.8)^2 + (0.9-0.3)^2 + 0.5 (0.2-0.1)^2 = 0.01 + 0.36 + 0.005
        INDArray lengths = Nd4j.createFromArray(new double[][] {{0.8, 0.3, 0.2}});
        INDArray targets = Nd4j.createFromArray(new double[][] {{1, 1, 0}});
        assertEquals(0.375, loss.perExample(lengths, targets).getDouble(0), 1e-12);
        // a class named twice (sum of two equal one-hots) counts as present once
        INDArray twice = Nd4j.createFromArray(new double[][] {{2, 0, 0}});
        INDArray once = Nd4j.createFromArray(new double[][] {{1, 0, 0}});
        assertEquals(
                loss.perExample(lengths, once).getDouble(0),
                loss.perExample(lengths, twice).getDouble(0),
                0);
    }

    @Test
    void marginLossGradientMatchesFiniteDifferences() {
        Nd4j.getRandom().setSeed(101);
        INDArray lengths = Nd4j.rand(DataType.DOUBLE, 4, 10);
        INDArray targets = Nd4j.rand(DataType.DOUBLE, 4, 10).gt(0.6).castTo(DataType.DOUBLE);
        INDArray weights = Nd4j.ones(DataType.DOUBLE, 4); // the objective is the sum over examples
        GradientCheck.assertMatches(
                "margin",
                loss.gradient(lengths, targets),
                GradientCheck.numericGradient(x -> loss.perExample(x, targets), lengths, weights));
        INDArray random = GradientCheck.random(102, 4);
        INDArray scaled = loss.gradient(lengths, targets).mul(random.reshape(4, 1));
        GradientCheck.assertMatches(
                "margin weighted",
                scaled,
                GradientCheck.numericGradient(x -> loss.perExample(x, targets), lengths, random));
    }

    @Test
    void marginLossWorksInFloat32() {
        INDArray lengths = Nd4j.createFromArray(new float[][] {{0.5f, 0.5f}});
        INDArray targets = Nd4j.createFromArray(new float[][] {{1f, 0f}});
        INDArray l = loss.perExample(lengths, targets);
        assertEquals(DataType.FLOAT, l.dataType());
        assertEquals(0.24, l.getDouble(0), 1e-6);
        assertEquals(DataType.FLOAT, loss.gradient(lengths, targets).dataType());
    }

    @Test
    void marginLossRejectsBadSettings() {
        assertThrows(IllegalArgumentException.class, () -> new MarginLoss(0.1, 0.9, 0.5));
        assertThrows(IllegalArgumentException.class, () -> new MarginLoss(0.9, 0.1, -1));
        assertThrows(IllegalArgumentException.class, () -> loss.perExample(Nd4j.zeros(2, 3), Nd4j.zeros(2, 4)));
    }

    private static void assertClose(double[] expected, INDArray actual) {
        INDArray flat = actual.dup('c').reshape(actual.length());
        for (int k = 0; k < expected.length; k++) {
            assertEquals(expected[k], flat.getDouble(k), 1e-12, "element " + k);
        }
    }
}
