package org.capsnet.capsule;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class ReconstructionLossTest {

    private final ReconstructionLoss loss = ReconstructionLoss.paperDefaults();

    @Test
    void reconstructionLossIsScaledSumOfSquaredErrors() {
        INDArray reconstruction = Nd4j.createFromArray(new double[][] {{0.5, 1.0, 0.0}, {0, 0, 0}});
        INDArray target = Nd4j.createFromArray(new double[][] {{0.0, 1.0, 1.0}, {0, 0, 0}});
        INDArray perExample = loss.perExample(reconstruction, target);
        assertEquals(0.0005 * (0.25 + 0 + 1.0), perExample.getDouble(0), 1e-15);
        assertEquals(0.0, perExample.getDouble(1), 0.0);
        INDArray gradient = loss.gradient(reconstruction, target);
        assertEquals(2 * 0.0005 * 0.5, gradient.getDouble(0, 0), 1e-15);
        assertEquals(-2 * 0.0005, gradient.getDouble(0, 2), 1e-15);
    }

    @Test
    void reconstructionGradientMatchesFiniteDifferences() {
        ReconstructionLoss unscaled = new ReconstructionLoss(0.7);
        INDArray reconstruction = GradientCheck.random(111, 3, 7);
        INDArray target = GradientCheck.random(112, 3, 7);
        INDArray weights = GradientCheck.random(113, 3);
        INDArray analytic = unscaled.gradient(reconstruction, target).mul(weights.reshape(3, 1));
        GradientCheck.assertMatches(
                "reconstruction",
                analytic,
                GradientCheck.numericGradient(x -> unscaled.perExample(x, target), reconstruction, weights));
    }
}
