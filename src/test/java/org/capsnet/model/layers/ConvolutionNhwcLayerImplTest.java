package org.capsnet.model.layers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.capsnet.host.ReluBackward;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.activations.impl.ActivationLReLU;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** The premise of keeping ReLU's output instead of its input for backprop, and which activations it covers. */
class ConvolutionNhwcLayerImplTest {

    @Test
    void reluBackpropGivenTheOutputEqualsBackpropGivenTheInput() {
        Nd4j.getRandom().setSeed(1);
        INDArray in = Nd4j.randn(DataType.FLOAT, 4, 50);
        in.putScalar(0, 0, 0f); // the kink itself
        INDArray epsilon = Nd4j.randn(DataType.FLOAT, 4, 50);
        ActivationReLU relu = new ActivationReLU();

        INDArray fromInput = relu.backprop(in.dup(), epsilon.dup()).getFirst();
        INDArray out = relu.getActivation(in.dup(), true);
        INDArray fromOutput = relu.backprop(out, epsilon.dup()).getFirst();
        assertEquals(fromInput, fromOutput);
    }

    @Test
    void onlyPlainReluQualifies() {
        assertTrue(ConvolutionNhwcLayerImpl.derivativeReadsTheSameFromOutput(Activation.RELU.getActivationFunction()));
        assertFalse(ConvolutionNhwcLayerImpl.derivativeReadsTheSameFromOutput(new ActivationReLU(6.0, 0.0, 0.0)));
        assertFalse(ConvolutionNhwcLayerImpl.derivativeReadsTheSameFromOutput(new ActivationLReLU()));
        assertFalse(ConvolutionNhwcLayerImpl.derivativeReadsTheSameFromOutput(new SquashActivation(8)));
        assertFalse(ConvolutionNhwcLayerImpl.derivativeReadsTheSameFromOutput(Activation.TANH.getActivationFunction()));
    }

    /** The SIMD backward over ReLU's output equals libnd4j's relu_bp over its input, at an offset and with a tail. */
    @Test
    void simdBackwardOverTheOutputEqualsReluBp() {
        Nd4j.getRandom().setSeed(2);
        INDArray in = Nd4j.randn(DataType.FLOAT, 3, 70_001);
        in.putScalar(0, 5, 0f);
        INDArray epsilon = Nd4j.randn(DataType.FLOAT, 3, 70_001);
        ActivationReLU relu = new ActivationReLU();
        INDArray expected = relu.backprop(in.dup(), epsilon.dup()).getFirst();

        INDArray outputs = Nd4j.create(DataType.FLOAT, 4, 70_001);
        INDArray output = outputs.get(NDArrayIndex.interval(1, 4), NDArrayIndex.all()); // a view at an offset
        output.assign(relu.getActivation(in.dup(), true));
        assertTrue(ReluBackward.supports(output, epsilon));
        assertEquals(expected, ReluBackward.overOutput(output, epsilon));
        assertEquals(expected, outputs.get(NDArrayIndex.interval(1, 4), NDArrayIndex.all()));
    }
}
