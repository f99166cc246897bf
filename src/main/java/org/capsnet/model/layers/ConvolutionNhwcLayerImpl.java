package org.capsnet.model.layers;

import org.capsnet.host.ReluBackward;
import org.capsnet.model.conv.ConvolutionNhwc;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.activations.impl.ActivationReLU;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Forward and backward of {@link ConvolutionNhwcLayer}: the convolution maths live in {@link ConvolutionNhwc};
 * this class adds the activation and DL4J's workspace and gradient conventions. The pre-activation (for plain ReLU
 * the output itself) is kept from the training forward pass (in the activations workspace, which lives until backprop)
 * for the backward pass.
 */
public class ConvolutionNhwcLayerImpl extends ShapedLayerImpl<ConvolutionNhwcLayer> {
    private transient ConvolutionNhwc convolution;
    private transient INDArray preActivation;

    public ConvolutionNhwcLayerImpl(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    private ConvolutionNhwc convolution() {
        if (convolution == null) {
            ConvolutionNhwcLayer c = layerConf();
            convolution = new ConvolutionNhwc(
                    c.getKernel(),
                    c.getStride(),
                    c.getInHeight(),
                    c.getInWidth(),
                    c.getInChannels(),
                    c.getOutChannels());
        }
        return convolution;
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        INDArray in = input.castTo(dataType);
        try (MemoryWorkspace ws = workspaceMgr.notifyScopeBorrowed(ArrayType.ACTIVATIONS)) {
            INDArray pre = convolution()
                    .forward(
                            in, getParam(ShapedParamInitializer.WEIGHT_KEY), getParam(ShapedParamInitializer.BIAS_KEY));
            IActivation activation = layerConf().getActivationFn();
            if (!training) {
                preActivation = null;
                return activation.getActivation(pre, false);
            }
            if (derivativeReadsTheSameFromOutput(activation)) {
                // Activated in place and kept for backprop: no copy of the pre-activation (13 MB for Conv1 at B=32).
                preActivation = activation.getActivation(pre, true);
                return preActivation;
            }
            preActivation = pre;
            return activation.getActivation(pre.dup(), true);
        }
    }

    /**
     * True for plain ReLU: its derivative read from the output equals that read from the input (both positive exactly
     * where x > 0), so backprop may be given the output in place of the pre-activation.
     */
    static boolean derivativeReadsTheSameFromOutput(IActivation activation) {
        return activation instanceof ActivationReLU && activation.equals(new ActivationReLU());
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        if (preActivation == null) {
            throw new IllegalStateException("backprop without a training forward pass in " + layerId());
        }
        // The activation's backprop may overwrite its input (ReLU does): fine, the pre-activation (for ReLU the
        // output, which the next layer has finished with) is not used again.
        IActivation activation = layerConf().getActivationFn();
        INDArray delta = derivativeReadsTheSameFromOutput(activation) && ReluBackward.supports(preActivation, epsilon)
                ? ReluBackward.overOutput(preActivation, epsilon)
                : activation.backprop(preActivation, epsilon).getFirst();
        INDArray gradW = weightGradientView();
        INDArray gradB = biasGradientView();
        boolean needInputGradient = layerConf().isInputGradient();
        INDArray epsilonIn;
        try (MemoryWorkspace ws = workspaceMgr.notifyScopeBorrowed(ArrayType.ACTIVATION_GRAD)) {
            epsilonIn = convolution().backward(delta, gradW, gradB, needInputGradient);
        }
        preActivation = null;
        return filledGradients(epsilonIn);
    }
}
