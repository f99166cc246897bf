package org.capsnet.model;

import org.capsnet.InvalidInputException;
import org.capsnet.InvalidSettingException;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * The architecture of a CapsNet (Sabour et al. 2017, section 4), immutable, with the paper's defaults.
 * The layer sizes follow from the input size: 28 gives 6x6x32 = 1152 primary capsules, 36 (MultiMNIST)
 * gives 10x10x32 = 3200. With {@code digitsPerImage} k = 2 (MultiMNIST) the decoder runs once per digit
 * ({@link CapsNetGraph}).
 */
public final class CapsNetConfig implements NetworkArchitecture {
    private static final long serialVersionUID = 1L;

    /** The {@link #family()} name. */
    public static final String FAMILY = "capsnet";

    private final int inputSize;
    private final int numClasses;
    private final int conv1Channels;
    private final int conv1Kernel;
    private final int primaryCapsuleChannels;
    private final int primaryCapsuleDim;
    private final int primaryKernel;
    private final int primaryStride;
    private final int digitCapsuleDim;
    private final int routings;
    private final boolean stopGradientInRouting;
    private final int[] decoderHidden;
    private final double reconstructionWeight;
    private final int digitsPerImage;

    /** For JSON (model provenance): Jackson sets the fields. */
    private CapsNetConfig() {
        this(new Builder());
    }

    private CapsNetConfig(Builder b) {
        this.inputSize = b.inputSize;
        this.numClasses = b.numClasses;
        this.conv1Channels = b.conv1Channels;
        this.conv1Kernel = b.conv1Kernel;
        this.primaryCapsuleChannels = b.primaryCapsuleChannels;
        this.primaryCapsuleDim = b.primaryCapsuleDim;
        this.primaryKernel = b.primaryKernel;
        this.primaryStride = b.primaryStride;
        this.digitCapsuleDim = b.digitCapsuleDim;
        this.routings = b.routings;
        this.stopGradientInRouting = b.stopGradientInRouting;
        this.decoderHidden = b.decoderHidden.clone();
        this.reconstructionWeight = b.reconstructionWeight;
        this.digitsPerImage = b.digitsPerImage;
    }

    /** The paper's MNIST model: 28x28 input, 3 routing iterations, decoder 512-1024-784. */
    public static CapsNetConfig paper() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * This configuration with the channel counts of both convolutions and the decoder's hidden sizes divided by
     * {@code divisor} (at least 1; 1 returns the same sizes): a narrower model for a quick run on a small machine.
     */
    public CapsNetConfig widthDividedBy(int divisor) {
        if (divisor < 1) {
            throw new InvalidInputException("width divisor must be at least 1, got " + divisor);
        }
        int[] decoder = decoderHidden.clone();
        for (int i = 0; i < decoder.length; i++) {
            decoder[i] /= divisor;
        }
        return toBuilder()
                .conv1Channels(conv1Channels / divisor)
                .primaryCapsuleChannels(primaryCapsuleChannels / divisor)
                .decoderHidden(decoder)
                .build();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    public int inputSize() {
        return inputSize;
    }

    public int inputPixels() {
        return inputSize * inputSize;
    }

    public int numClasses() {
        return numClasses;
    }

    public int conv1Channels() {
        return conv1Channels;
    }

    public int conv1Kernel() {
        return conv1Kernel;
    }

    public int conv1OutputSize() {
        return inputSize - conv1Kernel + 1;
    }

    public int primaryCapsuleChannels() {
        return primaryCapsuleChannels;
    }

    public int primaryCapsuleDim() {
        return primaryCapsuleDim;
    }

    public int primaryKernel() {
        return primaryKernel;
    }

    public int primaryStride() {
        return primaryStride;
    }
    /** Side of the PrimaryCaps grid: 6 for a 28x28 input. */
    public int primaryGridSize() {
        return (conv1OutputSize() - primaryKernel) / primaryStride + 1;
    }
    /** Number of primary (child) capsules: grid x grid x channels. */
    public int numPrimaryCapsules() {
        return primaryGridSize() * primaryGridSize() * primaryCapsuleChannels;
    }

    public int digitCapsuleDim() {
        return digitCapsuleDim;
    }

    public int routings() {
        return routings;
    }

    public boolean stopGradientInRouting() {
        return stopGradientInRouting;
    }

    public int[] decoderHidden() {
        return decoderHidden.clone();
    }

    public boolean hasDecoder() {
        return decoderHidden.length > 0;
    }

    public double reconstructionWeight() {
        return reconstructionWeight;
    }
    /** Digits per image k: 1 (MNIST) or 2 (MultiMNIST); the decoder reconstructs each. */
    public int digitsPerImage() {
        return digitsPerImage;
    }

    @Override
    public String family() {
        return FAMILY;
    }

    @Override
    public CapsNetConfig withInputSize(int size) {
        return toBuilder().inputSize(size).build();
    }

    @Override
    public CapsNetConfig withDigitsPerImage(int digits) {
        return toBuilder().digitsPerImage(digits).build();
    }

    @Override
    public ComputationGraph create(IUpdater updater, long seed, DataType dataType) {
        return CapsNetGraph.create(this, updater, seed, dataType);
    }

    /**
     * Features {@code {images [B, P], label [B, k*J]}} (each digit's one-hot vector, feeding the mask) and labels
     * {@code {targets [B, J], reconstruction targets [B, k*P]}}: the margin loss's target is the sum of the digits'
     * one-hot vectors; the decoder reconstructs each digit's own image ({@code sources}), or the image itself when
     * {@code sources} is null (single digits). Without a decoder: {@code {images}} and {@code {targets}}.
     */
    @Override
    public MultiDataSet trainingBatch(INDArray images, INDArray labels, INDArray sources) {
        long b = images.size(0);
        if (labels.rank() != 2 || labels.size(0) != b || labels.size(1) != digitsPerImage) {
            throw new IllegalArgumentException("labels must be [" + b + ", " + digitsPerImage + "] class indices, got "
                    + java.util.Arrays.toString(labels.shape()));
        }
        INDArray oneHots = ClassTargets.perDigitOneHots(labels, numClasses, images.dataType());
        INDArray targets = oneHots.reshape('c', b, digitsPerImage, numClasses).sum(1);
        if (!hasDecoder()) {
            return new org.nd4j.linalg.dataset.MultiDataSet(new INDArray[] {images}, new INDArray[] {targets});
        }
        INDArray reconstructionTargets = sources == null && digitsPerImage == 1 ? images : sources;
        if (reconstructionTargets == null
                || reconstructionTargets.size(0) != b
                || reconstructionTargets.size(1) != (long) digitsPerImage * inputPixels()) {
            throw new IllegalArgumentException("sources must be [" + b + ", " + digitsPerImage * inputPixels()
                    + "], got " + (sources == null ? "none" : java.util.Arrays.toString(sources.shape())));
        }
        return new org.nd4j.linalg.dataset.MultiDataSet(
                new INDArray[] {images, oneHots},
                new INDArray[] {targets, reconstructionTargets.castTo(images.dataType())});
    }

    /** At inference the mask keeps the k longest capsules, so the label input is all zeros. */
    @Override
    public INDArray[] inferenceInputs(INDArray images) {
        if (!hasDecoder()) {
            return new INDArray[] {images};
        }
        return new INDArray[] {images, Nd4j.zeros(images.dataType(), images.size(0), (long) digitsPerImage * numClasses)
        };
    }

    @Override
    public double trainingFlopsPerImage() {
        return FlopCount.trainingPerImage(this);
    }

    /** Parameters of the network built from this configuration (weights and biases). */
    @Override
    public long parameterCount() {
        long conv1 = (long) conv1Kernel * conv1Kernel * conv1Channels + conv1Channels;
        long primaryOut = (long) primaryCapsuleChannels * primaryCapsuleDim;
        long primary = (long) primaryKernel * primaryKernel * conv1Channels * primaryOut + primaryOut;
        long digit = (long) numPrimaryCapsules() * primaryCapsuleDim * numClasses * digitCapsuleDim;
        long decoder = 0;
        long in = (long) numClasses * digitCapsuleDim;
        if (hasDecoder()) {
            for (int hidden : decoderHidden) {
                decoder += in * hidden + hidden;
                in = hidden;
            }
            decoder += in * inputPixels() + inputPixels();
        }
        return conv1 + primary + digit + decoder;
    }

    @Override
    public String toString() {
        return "CapsNetConfig{input=" + inputSize + "x" + inputSize + ", classes=" + numClasses
                + ", conv1=" + conv1Channels + "@" + conv1Kernel + "x" + conv1Kernel
                + ", primaryCaps=" + primaryCapsuleChannels + "x" + primaryCapsuleDim + "D@" + primaryKernel
                + "/" + primaryStride + ", digitCaps=" + numClasses + "x" + digitCapsuleDim + "D"
                + ", routings=" + routings + (stopGradientInRouting ? " (stop-gradient)" : "")
                + ", decoder=" + java.util.Arrays.toString(decoderHidden)
                + ", reconstructionWeight=" + reconstructionWeight
                + (digitsPerImage == 1 ? "" : ", digitsPerImage=" + digitsPerImage) + "}";
    }

    /** Builder with the paper's defaults; {@link #build()} validates and names the offending setting. */
    public static final class Builder {
        private int inputSize = 28;
        private int numClasses = 10;
        private int conv1Channels = 256;
        private int conv1Kernel = 9;
        private int primaryCapsuleChannels = 32;
        private int primaryCapsuleDim = 8;
        private int primaryKernel = 9;
        private int primaryStride = 2;
        private int digitCapsuleDim = 16;
        private int routings = 3;
        private boolean stopGradientInRouting = false;
        private int[] decoderHidden = {512, 1024};
        private double reconstructionWeight = 0.0005;
        private int digitsPerImage = 1;

        private Builder() {}

        private Builder(CapsNetConfig c) {
            inputSize = c.inputSize;
            numClasses = c.numClasses;
            conv1Channels = c.conv1Channels;
            conv1Kernel = c.conv1Kernel;
            primaryCapsuleChannels = c.primaryCapsuleChannels;
            primaryCapsuleDim = c.primaryCapsuleDim;
            primaryKernel = c.primaryKernel;
            primaryStride = c.primaryStride;
            digitCapsuleDim = c.digitCapsuleDim;
            routings = c.routings;
            stopGradientInRouting = c.stopGradientInRouting;
            decoderHidden = c.decoderHidden.clone();
            reconstructionWeight = c.reconstructionWeight;
            digitsPerImage = c.digitsPerImage;
        }

        public Builder inputSize(int v) {
            inputSize = v;
            return this;
        }

        public Builder numClasses(int v) {
            numClasses = v;
            return this;
        }

        public Builder conv1Channels(int v) {
            conv1Channels = v;
            return this;
        }

        public Builder conv1Kernel(int v) {
            conv1Kernel = v;
            return this;
        }

        public Builder primaryCapsuleChannels(int v) {
            primaryCapsuleChannels = v;
            return this;
        }

        public Builder primaryCapsuleDim(int v) {
            primaryCapsuleDim = v;
            return this;
        }

        public Builder primaryKernel(int v) {
            primaryKernel = v;
            return this;
        }

        public Builder primaryStride(int v) {
            primaryStride = v;
            return this;
        }

        public Builder digitCapsuleDim(int v) {
            digitCapsuleDim = v;
            return this;
        }

        public Builder routings(int v) {
            routings = v;
            return this;
        }

        public Builder stopGradientInRouting(boolean v) {
            stopGradientInRouting = v;
            return this;
        }
        /** Hidden sizes of the decoder; an empty array builds the model without a decoder. */
        public Builder decoderHidden(int... v) {
            decoderHidden = v.clone();
            return this;
        }

        public Builder reconstructionWeight(double v) {
            reconstructionWeight = v;
            return this;
        }
        /** Digits per image: 1 (MNIST) or 2 (MultiMNIST). */
        public Builder digitsPerImage(int v) {
            digitsPerImage = v;
            return this;
        }

        public CapsNetConfig build() {
            positive("inputSize", inputSize);
            positive("numClasses", numClasses);
            positive("conv1Channels", conv1Channels);
            positive("conv1Kernel", conv1Kernel);
            positive("primaryCapsuleChannels", primaryCapsuleChannels);
            positive("primaryCapsuleDim", primaryCapsuleDim);
            positive("primaryKernel", primaryKernel);
            positive("primaryStride", primaryStride);
            positive("digitCapsuleDim", digitCapsuleDim);
            positive("digitsPerImage", digitsPerImage);
            if (digitsPerImage > numClasses) {
                throw new InvalidInputException(
                        "digits per image (" + digitsPerImage + ") must not exceed the " + numClasses + " classes");
            }
            if (routings < 1) {
                throw new InvalidSettingException("{routings} must be at least 1, got " + routings);
            }
            for (int hidden : decoderHidden) {
                positive("decoderHidden", hidden);
            }
            if (!(reconstructionWeight >= 0) || Double.isInfinite(reconstructionWeight)) {
                throw new InvalidInputException(
                        "reconstruction weight must be a finite number >= 0, got " + reconstructionWeight);
            }
            int conv1Out = inputSize - conv1Kernel + 1;
            if (conv1Out < primaryKernel) {
                throw new InvalidSettingException(
                        "{inputSize} " + inputSize + " is too small for two 9x9 convolutions");
            }
            return new CapsNetConfig(this);
        }

        private static void positive(String setting, int value) {
            if (value <= 0) {
                throw new InvalidSettingException("{" + setting + "} must be positive, got " + value);
            }
        }
    }
}
