package org.capsnet.capsule;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** The pieces chained as in DigitCaps: u, W -> u_hat -> routing -> lengths -> margin loss, gradient-checked whole. */
class DigitCapsChainTest {

    private static final int B = 2;
    private static final int I = 4;
    private static final int DIN = 3;
    private static final int J = 3;
    private static final int D = 4;

    private final DynamicRouting routing = new DynamicRouting(3, false);
    private final MarginLoss loss = MarginLoss.paperDefaults();
    private final INDArray targets = Nd4j.createFromArray(new double[][] {{1, 0, 0}, {0, 1, 1}});

    private INDArray perExample(INDArray u, INDArray w) {
        INDArray v = routing.forward(PredictionVectors.forward(u, w, J, D)).v();
        return loss.perExample(CapsuleLength.forward(v), targets);
    }

    private INDArray[] gradients(INDArray u, INDArray w) {
        INDArray uHat = PredictionVectors.forward(u, w, J, D);
        DynamicRouting.Result result = routing.forward(uHat);
        INDArray lengths = CapsuleLength.forward(result.v());
        INDArray gradV = CapsuleLength.backward(result.v(), loss.gradient(lengths, targets));
        return PredictionVectors.backward(u, w, routing.backward(result, gradV));
    }

    @Test
    void chainedGradientMatchesFiniteDifferences() {
        INDArray u = GradientCheck.random(121, B, I, DIN);
        INDArray w = GradientCheck.random(122, I, DIN, J * D);
        INDArray ones = Nd4j.ones(u.dataType(), B);
        INDArray[] grads = gradients(u, w);
        GradientCheck.assertMatches(
                "chain dL/du", grads[0], GradientCheck.numericGradient(x -> perExample(x, w), u, ones));
        GradientCheck.assertMatches(
                "chain dL/dW", grads[1], GradientCheck.numericGradient(x -> perExample(u, x), w, ones));
    }
}
