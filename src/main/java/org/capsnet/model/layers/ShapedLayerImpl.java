package org.capsnet.model.layers;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.DefaultGradient;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.BaseLayer;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What the hand-written layers of {@link ShapedLayer} configurations share: their gradient is the parameter
 * gradient views that {@link ShapedParamInitializer} laid out (weights, and biases where the layer has them), filled
 * in place by the layer's backward pass; no pretraining and no weight noise.
 */
public abstract class ShapedLayerImpl<L extends ShapedLayer> extends BaseLayer<L> {

    protected ShapedLayerImpl(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    /** The weight gradient view, to be filled by backward. */
    protected INDArray weightGradientView() {
        return gradientViews.get(ShapedParamInitializer.WEIGHT_KEY);
    }

    /** The bias gradient view, to be filled by backward (layers with biases only). */
    protected INDArray biasGradientView() {
        return gradientViews.get(ShapedParamInitializer.BIAS_KEY);
    }

    /** The backprop result: the filled gradient views and dL/dinput ({@code epsilonIn}, may be null). */
    protected Pair<Gradient, INDArray> filledGradients(INDArray epsilonIn) {
        Gradient gradient = new DefaultGradient();
        gradient.gradientForVariable().put(ShapedParamInitializer.WEIGHT_KEY, weightGradientView());
        if (hasBias()) {
            gradient.gradientForVariable().put(ShapedParamInitializer.BIAS_KEY, biasGradientView());
        }
        return new Pair<>(gradient, epsilonIn);
    }

    /** Biases exactly when the configuration lays some out. */
    @Override
    public boolean hasBias() {
        return layerConf().biasLength() > 0;
    }

    @Override
    public boolean isPretrainLayer() {
        return false;
    }

    @Override
    public void clearNoiseWeightParams() {
        // no weight noise on these layers
    }
}
