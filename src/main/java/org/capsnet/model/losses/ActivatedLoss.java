package org.capsnet.model.losses;

import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.ILossFunction;

/**
 * Adapts a loss defined on a layer's output (per-example value and gradient of the summed loss) to DL4J's
 * {@link ILossFunction}, which works on the pre-activation. DL4J divides gradients by the minibatch size itself,
 * so the gradient here is that of the sum over examples.
 */
abstract class ActivatedLoss implements ILossFunction {
    private static final long serialVersionUID = 1L;

    /** Loss of each example, {@code [B]}. */
    protected abstract INDArray perExample(INDArray output, INDArray labels);

    /** Gradient of the summed loss with respect to the output, same shape as the output. */
    protected abstract INDArray gradient(INDArray output, INDArray labels);

    private static INDArray activate(INDArray preOutput, IActivation activationFn) {
        return activationFn.getActivation(preOutput.dup(), true);
    }

    private static INDArray applyMask(INDArray perExample, INDArray mask) {
        return mask == null
                ? perExample
                : perExample.muli(mask.reshape(perExample.shape()).castTo(perExample.dataType()));
    }

    @Override
    public double computeScore(
            INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask, boolean average) {
        INDArray scores = computeScoreArray(labels, preOutput, activationFn, mask);
        double sum = scores.sumNumber().doubleValue();
        return average ? sum / scores.size(0) : sum;
    }

    @Override
    public INDArray computeScoreArray(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        INDArray output = activate(preOutput, activationFn);
        INDArray perExample = perExample(output, labels.castTo(output.dataType()));
        return applyMask(perExample, mask).reshape(perExample.length(), 1);
    }

    @Override
    public INDArray computeGradient(INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask) {
        INDArray output = activate(preOutput, activationFn);
        INDArray dLdOut = gradient(output, labels.castTo(output.dataType()));
        if (mask != null) {
            dLdOut.muliColumnVector(mask.reshape(mask.length(), 1).castTo(dLdOut.dataType()));
        }
        return activationFn.backprop(preOutput.dup(), dLdOut).getFirst();
    }

    @Override
    public Pair<Double, INDArray> computeGradientAndScore(
            INDArray labels, INDArray preOutput, IActivation activationFn, INDArray mask, boolean average) {
        return new Pair<>(
                computeScore(labels, preOutput, activationFn, mask, average),
                computeGradient(labels, preOutput, activationFn, mask));
    }

    @Override
    public String name() {
        return toString();
    }
}
