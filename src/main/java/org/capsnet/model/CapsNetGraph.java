package org.capsnet.model;

import org.capsnet.model.layers.ConvolutionNhwcLayer;
import org.capsnet.model.layers.DigitCapsuleLayer;
import org.capsnet.model.layers.SquashActivation;
import org.capsnet.model.losses.MarginLossFunction;
import org.capsnet.model.losses.ReconstructionLossFunction;
import org.capsnet.model.vertices.CapsuleLengthVertex;
import org.capsnet.model.vertices.CapsuleMaskVertex;
import org.capsnet.model.vertices.DigitsMaskVertex;
import org.capsnet.model.vertices.StackedRowsVertex;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.distribution.NormalDistribution;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.weights.WeightInit;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * Builds the CapsNet of {@link CapsNetConfig} as a DL4J ComputationGraph, so that DL4J model zips, listeners and
 * updaters work with it.
 * <pre>
 * image [B, P] -> conv1 (ReLU) -> primaryCaps (squash) -> digitCaps (routing) -> length [B, 10] -> margin loss
 *                                                            digitCaps + label -> mask -> decoder -> reconstruction
 * </pre>
 * Inputs: {@link #IMAGE} {@code [B, P]} pixels in [0, 1] and, with a decoder, {@link #LABEL} {@code [B, 10]} (used by
 * the mask in training only). Outputs: {@link #LENGTHS} (capsule lengths, margin loss) and, with a decoder,
 * {@link #RECONSTRUCTION} ({@code [B, P]}, labels are the input image).
 * <p>
 * With k = {@link CapsNetConfig#digitsPerImage()} &gt; 1 (MultiMNIST) the decoder runs once per digit:
 * <pre>
 * digitCaps [B, J*D] + label [B, k*J] -> mask [k*B, J*D] -> decoder1 -> decoder2 -> reconstruction [k*B, P]
 *     -> reconstructions [B, k*P] -> reconstructionLoss (labels: each digit's own image, [B, k*P])
 * </pre>
 * Row {@code b*k + d} of mask and decoder layers is digit d of example b. The decoder layers keep their names
 * (decoder1, decoder2, reconstruction, a sigmoid dense layer here) and parameters, so they can be run directly on
 * masked capsules {@code [n, J*D]}. The loss per example is the sum of the k digits' scaled squared errors; DL4J's
 * score and updater divide by the graph's minibatch size B (that of its inputs), not by k*B.
 */
public final class CapsNetGraph {
    public static final String IMAGE = "image";
    public static final String LABEL = "label";
    public static final String CONV1 = "conv1";
    public static final String PRIMARY_CAPS = "primaryCaps";
    public static final String DIGIT_CAPS = "digitCaps";
    public static final String LENGTH = "length";
    public static final String LENGTHS = "lengths";
    public static final String MASK = "mask";
    public static final String RECONSTRUCTION = "reconstruction";
    /** k &gt; 1 only: the k reconstructions of an example side by side, {@code [B, k*P]}. */
    public static final String RECONSTRUCTIONS = "reconstructions";
    /** k &gt; 1 only: the reconstruction loss layer on {@link #RECONSTRUCTIONS}. */
    public static final String RECONSTRUCTION_LOSS = "reconstructionLoss";

    private CapsNetGraph() {}

    /** A new, initialised network. */
    public static ComputationGraph create(CapsNetConfig arch, IUpdater updater, long seed, DataType dataType) {
        ComputationGraph graph = new ComputationGraph(configuration(arch, updater, seed, dataType));
        graph.init();
        return graph;
    }

    public static ComputationGraphConfiguration configuration(
            CapsNetConfig arch, IUpdater updater, long seed, DataType dataType) {
        int conv1Out = arch.conv1OutputSize();
        int capsules = arch.numClasses();
        int capsuleDim = arch.digitCapsuleDim();

        ComputationGraphConfiguration.GraphBuilder g = new NeuralNetConfiguration.Builder()
                .seed(seed)
                .dataType(dataType)
                .updater(updater)
                .weightInit(WeightInit.XAVIER_UNIFORM)
                .graphBuilder();
        if (arch.hasDecoder()) {
            g.addInputs(IMAGE, LABEL)
                    .setInputTypes(
                            InputType.feedForward(arch.inputPixels()),
                            InputType.feedForward((long) capsules * arch.digitsPerImage()));
        } else {
            g.addInputs(IMAGE).setInputTypes(InputType.feedForward(arch.inputPixels()));
        }
        g.addLayer(
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
                .addLayer(
                        PRIMARY_CAPS,
                        new ConvolutionNhwcLayer.Builder()
                                .kernel(arch.primaryKernel())
                                .stride(arch.primaryStride())
                                .inputSize(conv1Out, conv1Out, arch.conv1Channels())
                                .outChannels(arch.primaryCapsuleChannels() * arch.primaryCapsuleDim())
                                .activation(new SquashActivation(arch.primaryCapsuleDim()))
                                .build(),
                        CONV1)
                .addLayer(
                        DIGIT_CAPS,
                        new DigitCapsuleLayer.Builder()
                                .children(arch.numPrimaryCapsules(), arch.primaryCapsuleDim())
                                .parents(capsules, capsuleDim)
                                .routings(arch.routings())
                                .stopGradientInRouting(arch.stopGradientInRouting())
                                .weightInit(new NormalDistribution(0, 0.01))
                                .activation(Activation.IDENTITY)
                                .build(),
                        PRIMARY_CAPS)
                .addVertex(LENGTH, new CapsuleLengthVertex(capsules, capsuleDim), DIGIT_CAPS)
                .addLayer(
                        LENGTHS,
                        new LossLayer.Builder(MarginLossFunction.paperDefaults())
                                .activation(Activation.IDENTITY)
                                .build(),
                        LENGTH);
        if (arch.hasDecoder()) {
            addDecoder(g, arch);
            g.setOutputs(LENGTHS, arch.digitsPerImage() == 1 ? RECONSTRUCTION : RECONSTRUCTION_LOSS);
        } else {
            g.setOutputs(LENGTHS);
        }
        return g.build();
    }

    private static void addDecoder(ComputationGraphConfiguration.GraphBuilder g, CapsNetConfig arch) {
        int digits = arch.digitsPerImage();
        g.addVertex(
                MASK,
                digits == 1
                        ? new CapsuleMaskVertex(arch.numClasses(), arch.digitCapsuleDim())
                        : new DigitsMaskVertex(arch.numClasses(), arch.digitCapsuleDim(), digits),
                DIGIT_CAPS,
                LABEL);
        String previous = MASK;
        int[] hidden = arch.decoderHidden();
        for (int i = 0; i < hidden.length; i++) {
            String name = "decoder" + (i + 1);
            g.addLayer(
                    name,
                    new DenseLayer.Builder()
                            .nOut(hidden[i])
                            .activation(Activation.RELU)
                            .build(),
                    previous);
            previous = name;
        }
        ReconstructionLossFunction loss = new ReconstructionLossFunction(arch.reconstructionWeight());
        if (digits == 1) {
            g.addLayer(
                    RECONSTRUCTION,
                    new OutputLayer.Builder(loss)
                            .nOut(arch.inputPixels())
                            .activation(Activation.SIGMOID)
                            .build(),
                    previous);
            return;
        }
        g.addLayer(
                        RECONSTRUCTION,
                        new DenseLayer.Builder()
                                .nOut(arch.inputPixels())
                                .activation(Activation.SIGMOID)
                                .build(),
                        previous)
                .addVertex(RECONSTRUCTIONS, new StackedRowsVertex(digits, arch.inputPixels()), RECONSTRUCTION)
                .addLayer(
                        RECONSTRUCTION_LOSS,
                        new LossLayer.Builder(loss)
                                .activation(Activation.IDENTITY)
                                .build(),
                        RECONSTRUCTIONS);
    }
}
