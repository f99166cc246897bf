package org.capsnet.model.em;

import org.capsnet.model.layers.ConvolutionNhwcLayer;
import org.capsnet.model.losses.SpreadLossFunction;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * Builds the matrix-capsule network of {@link EmCapsNetConfig} as a DL4J ComputationGraph, on the project's NHWC
 * convolution for conv A and the primary capsules.
 * <pre>
 * image [B, P] -> convA (ReLU) -> primaryCaps (16 linear + sigmoid per capsule) -> convCapsC (EM) -> convCapsD (EM)
 *     -> classCaps (EM, coordinate addition) -> activations [B, J] (spread loss)
 * </pre>
 * Capsule grids travel as {@code [B, H*W*types*17]}: per capsule the 4x4 pose row by row, then its activation.
 */
public final class EmCapsNetGraph {
    public static final String IMAGE = "image";
    public static final String CONV_A = "convA";
    public static final String PRIMARY_CAPS = "primaryCaps";
    public static final String CONV_CAPS_C = "convCapsC";
    public static final String CONV_CAPS_D = "convCapsD";
    public static final String CLASS_CAPS = "classCaps";
    public static final String ACTIVATIONS = "activations";

    private EmCapsNetGraph() {}

    /** A new, initialised network. */
    public static ComputationGraph create(EmCapsNetConfig arch, IUpdater updater, long seed, DataType dataType) {
        ComputationGraph graph = new ComputationGraph(configuration(arch, updater, seed, dataType));
        graph.init();
        return graph;
    }

    public static ComputationGraphConfiguration configuration(
            EmCapsNetConfig arch, IUpdater updater, long seed, DataType dataType) {
        int gridA = arch.primaryGridSize();
        int gridC = arch.convCGridSize();
        int gridD = arch.convDGridSize();
        return new NeuralNetConfiguration.Builder()
                .seed(seed)
                .dataType(dataType)
                .updater(updater)
                .weightInit(WeightInit.XAVIER)
                .graphBuilder()
                .addInputs(IMAGE)
                .setInputTypes(InputType.feedForward(arch.inputPixels()))
                .addLayer(
                        CONV_A,
                        new ConvolutionNhwcLayer.Builder()
                                .kernel(EmCapsNetConfig.CONV_A_KERNEL)
                                .stride(EmCapsNetConfig.CONV_A_STRIDE)
                                .inputSize(arch.inputSize(), arch.inputSize(), 1)
                                .outChannels(arch.convAChannels())
                                .skipInputGradient()
                                .weightInit(WeightInit.RELU)
                                .activation(Activation.RELU)
                                .build(),
                        IMAGE)
                .addLayer(
                        PRIMARY_CAPS,
                        new ConvolutionNhwcLayer.Builder()
                                .kernel(1)
                                .stride(1)
                                .inputSize(gridA, gridA, arch.convAChannels())
                                .outChannels(arch.primaryTypes() * PrimaryCapsuleActivation.CAPSULE_SIZE)
                                .activation(new PrimaryCapsuleActivation())
                                .build(),
                        CONV_A)
                .addLayer(
                        CONV_CAPS_C,
                        new EmConvCapsuleLayer.Builder()
                                .input(gridA, gridA, arch.primaryTypes())
                                .kernel(EmCapsNetConfig.CAPS_KERNEL)
                                .stride(EmCapsNetConfig.CONV_C_STRIDE)
                                .outTypes(arch.convCTypes())
                                .iterations(arch.iterations())
                                .inverseTemperature(arch.inverseTemperature())
                                .activation(Activation.IDENTITY)
                                .build(),
                        PRIMARY_CAPS)
                .addLayer(
                        CONV_CAPS_D,
                        new EmConvCapsuleLayer.Builder()
                                .input(gridC, gridC, arch.convCTypes())
                                .kernel(EmCapsNetConfig.CAPS_KERNEL)
                                .stride(EmCapsNetConfig.CONV_D_STRIDE)
                                .outTypes(arch.convDTypes())
                                .iterations(arch.iterations())
                                .inverseTemperature(arch.inverseTemperature())
                                .activation(Activation.IDENTITY)
                                .build(),
                        CONV_CAPS_C)
                .addLayer(
                        CLASS_CAPS,
                        new EmClassCapsuleLayer.Builder()
                                .input(gridD, gridD, arch.convDTypes())
                                .classes(arch.numClasses())
                                .iterations(arch.iterations())
                                .inverseTemperature(arch.inverseTemperature())
                                .activation(Activation.IDENTITY)
                                .build(),
                        CONV_CAPS_D)
                .addLayer(
                        ACTIVATIONS,
                        new SpreadLossLayer(
                                new SpreadLossFunction(arch.marginStart(), arch.marginEnd(), arch.marginRampSteps())),
                        CLASS_CAPS)
                .setOutputs(ACTIVATIONS)
                .build();
    }
}
