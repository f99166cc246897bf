package org.capsnet.model.baseline;

import org.capsnet.model.layers.ConvolutionNhwcLayer;
import org.capsnet.model.vertices.MaxPoolNhwcVertex;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.lossfunctions.impl.LossBinaryXENT;

/**
 * Builds the baseline CNN of {@link BaselineCnnConfig} as a DL4J ComputationGraph, on the same NHWC convolution
 * as the CapsNet (so both are equally fast per FLOP).
 * <pre>
 * image [B, P] -> conv1 (ReLU) -> pool1 -> conv2 (ReLU) -> pool2 -> hidden (ReLU) -> scores [B, 10] (sigmoid, BCE)
 * </pre>
 */
public final class BaselineCnnGraph {
    public static final String IMAGE = "image";
    public static final String CONV1 = "conv1";
    public static final String POOL1 = "pool1";
    public static final String CONV2 = "conv2";
    public static final String POOL2 = "pool2";
    public static final String HIDDEN = "hidden";
    public static final String SCORES = "scores";

    private BaselineCnnGraph() {}

    /** A new, initialised network. */
    public static ComputationGraph create(BaselineCnnConfig arch, IUpdater updater, long seed, DataType dataType) {
        ComputationGraph graph = new ComputationGraph(configuration(arch, updater, seed, dataType));
        graph.init();
        return graph;
    }

    public static ComputationGraphConfiguration configuration(
            BaselineCnnConfig arch, IUpdater updater, long seed, DataType dataType) {
        int conv1Out = arch.conv1OutputSize();
        int pool1Out = arch.pool1OutputSize();
        int conv2Out = arch.conv2OutputSize();
        return new NeuralNetConfiguration.Builder()
                .seed(seed)
                .dataType(dataType)
                .updater(updater)
                .weightInit(WeightInit.RELU)
                .graphBuilder()
                .addInputs(IMAGE)
                .setInputTypes(InputType.feedForward(arch.inputPixels()))
                .addLayer(
                        CONV1,
                        new ConvolutionNhwcLayer.Builder()
                                .kernel(arch.conv1Kernel())
                                .stride(1)
                                .inputSize(arch.inputSize(), arch.inputSize(), 1)
                                .outChannels(arch.conv1Channels())
                                .skipInputGradient()
                                .activation(Activation.RELU)
                                .build(),
                        IMAGE)
                .addVertex(POOL1, new MaxPoolNhwcVertex(conv1Out, conv1Out, arch.conv1Channels()), CONV1)
                .addLayer(
                        CONV2,
                        new ConvolutionNhwcLayer.Builder()
                                .kernel(arch.conv2Kernel())
                                .stride(1)
                                .inputSize(pool1Out, pool1Out, arch.conv1Channels())
                                .outChannels(arch.conv2Channels())
                                .activation(Activation.RELU)
                                .build(),
                        POOL1)
                .addVertex(POOL2, new MaxPoolNhwcVertex(conv2Out, conv2Out, arch.conv2Channels()), CONV2)
                .addLayer(
                        HIDDEN,
                        new DenseLayer.Builder()
                                .nOut(arch.hiddenUnits())
                                .activation(Activation.RELU)
                                .build(),
                        POOL2)
                .addLayer(
                        SCORES,
                        new OutputLayer.Builder(new LossBinaryXENT())
                                .nOut(arch.numClasses())
                                .activation(Activation.SIGMOID)
                                .weightInit(WeightInit.XAVIER)
                                .build(),
                        HIDDEN)
                .setOutputs(SCORES)
                .build();
    }
}
