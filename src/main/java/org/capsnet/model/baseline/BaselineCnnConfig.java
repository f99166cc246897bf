package org.capsnet.model.baseline;

import org.capsnet.InvalidInputException;
import org.capsnet.model.ClassTargets;
import org.capsnet.model.NetworkArchitecture;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * The architecture of the baseline CNN of the paper's MultiMNIST experiment (Sabour et al. 2017, section 6),
 * immutable, with the paper's sizes: valid convolutions 512@9x9 and 256@5x5 with ReLU, each followed by 2x2 max
 * pooling, a 1024-unit ReLU layer and 10 sigmoid outputs trained with binary cross-entropy against the k-hot
 * target (one sigmoid per class, so two digits can both be present). The sizes follow from the input: 36 gives
 * 28 -> 14 -> 10 -> 5, so 5x5x256 features; 28 gives 20 -> 10 -> 6 -> 3.
 */
public final class BaselineCnnConfig implements NetworkArchitecture {
    private static final long serialVersionUID = 1L;
    public static final String FAMILY = "baseline-cnn";

    private final int inputSize;
    private final int numClasses;
    private final int conv1Channels;
    private final int conv1Kernel;
    private final int conv2Channels;
    private final int conv2Kernel;
    private final int hiddenUnits;

    /** For JSON (model provenance): Jackson sets the fields. */
    private BaselineCnnConfig() {
        this(new Builder());
    }

    private BaselineCnnConfig(Builder b) {
        this.inputSize = b.inputSize;
        this.numClasses = b.numClasses;
        this.conv1Channels = b.conv1Channels;
        this.conv1Kernel = b.conv1Kernel;
        this.conv2Channels = b.conv2Channels;
        this.conv2Kernel = b.conv2Kernel;
        this.hiddenUnits = b.hiddenUnits;
    }

    /** The paper's MultiMNIST baseline on 36x36 images. */
    public static BaselineCnnConfig paper() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * This configuration with the channel counts of both convolutions and the hidden units divided by
     * {@code divisor} (at least 1; 1 returns the same sizes): a narrower model for a quick run on a small machine.
     */
    public BaselineCnnConfig widthDividedBy(int divisor) {
        if (divisor < 1) {
            throw new InvalidInputException("width divisor must be at least 1, got " + divisor);
        }
        return toBuilder()
                .conv1(conv1Channels / divisor, conv1Kernel)
                .conv2(conv2Channels / divisor, conv2Kernel)
                .hiddenUnits(hiddenUnits / divisor)
                .build();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    @Override
    public String family() {
        return FAMILY;
    }

    @Override
    public int inputSize() {
        return inputSize;
    }

    @Override
    public int numClasses() {
        return numClasses;
    }

    public int conv1Channels() {
        return conv1Channels;
    }

    public int conv1Kernel() {
        return conv1Kernel;
    }

    public int conv2Channels() {
        return conv2Channels;
    }

    public int conv2Kernel() {
        return conv2Kernel;
    }

    public int hiddenUnits() {
        return hiddenUnits;
    }

    public int inputPixels() {
        return inputSize * inputSize;
    }

    public int conv1OutputSize() {
        return inputSize - conv1Kernel + 1;
    }

    public int pool1OutputSize() {
        return conv1OutputSize() / 2;
    }

    public int conv2OutputSize() {
        return pool1OutputSize() - conv2Kernel + 1;
    }

    public int pool2OutputSize() {
        return conv2OutputSize() / 2;
    }

    /** Inputs to the hidden layer: the pooled conv2 maps, flattened. */
    public int featureCount() {
        return pool2OutputSize() * pool2OutputSize() * conv2Channels;
    }

    @Override
    public BaselineCnnConfig withInputSize(int size) {
        return toBuilder().inputSize(size).build();
    }

    @Override
    public ComputationGraph create(IUpdater updater, long seed, DataType dataType) {
        return BaselineCnnGraph.create(this, updater, seed, dataType);
    }

    /** Features {images}, labels {k-hot targets}; the baseline has no decoder, so sources are not used. */
    @Override
    public MultiDataSet trainingBatch(INDArray images, INDArray labels, INDArray sources) {
        INDArray targets = ClassTargets.kHot(labels, numClasses, images.dataType());
        return new org.nd4j.linalg.dataset.MultiDataSet(new INDArray[] {images}, new INDArray[] {targets});
    }

    @Override
    public INDArray[] inferenceInputs(INDArray images) {
        return new INDArray[] {images};
    }

    @Override
    public long parameterCount() {
        long conv1 = (long) conv1Kernel * conv1Kernel * conv1Channels + conv1Channels;
        long conv2 = (long) conv2Kernel * conv2Kernel * conv1Channels * conv2Channels + conv2Channels;
        long hidden = (long) featureCount() * hiddenUnits + hiddenUnits;
        long output = (long) hiddenUnits * numClasses + numClasses;
        return conv1 + conv2 + hidden + output;
    }

    /**
     * Forward multiply-adds x 2, times 3 for a training step (forward, input gradient, weight gradient), except
     * conv1 whose input gradient is skipped (times 2). Pooling and activations are not counted.
     */
    @Override
    public double trainingFlopsPerImage() {
        double conv1 = 2.0 * conv1OutputSize() * conv1OutputSize() * conv1Channels * conv1Kernel * conv1Kernel;
        double conv2 =
                2.0 * conv2OutputSize() * conv2OutputSize() * conv2Channels * conv2Kernel * conv2Kernel * conv1Channels;
        double dense = 2.0 * ((double) featureCount() * hiddenUnits + (double) hiddenUnits * numClasses);
        return 2 * conv1 + 3 * (conv2 + dense);
    }

    @Override
    public String toString() {
        return "BaselineCnn[input " + inputSize + "x" + inputSize + ", conv " + conv1Channels + "@" + conv1Kernel
                + "x" + conv1Kernel + ", pool, conv " + conv2Channels + "@" + conv2Kernel + "x" + conv2Kernel
                + ", pool, fc " + hiddenUnits + ", " + numClasses + " sigmoid]";
    }

    /** Builder with the paper's MultiMNIST baseline as defaults; build() checks the geometry. */
    public static final class Builder {
        private int inputSize = 36;
        private int numClasses = 10;
        private int conv1Channels = 512;
        private int conv1Kernel = 9;
        private int conv2Channels = 256;
        private int conv2Kernel = 5;
        private int hiddenUnits = 1024;

        private Builder() {}

        private Builder(BaselineCnnConfig c) {
            inputSize = c.inputSize;
            numClasses = c.numClasses;
            conv1Channels = c.conv1Channels;
            conv1Kernel = c.conv1Kernel;
            conv2Channels = c.conv2Channels;
            conv2Kernel = c.conv2Kernel;
            hiddenUnits = c.hiddenUnits;
        }

        public Builder inputSize(int v) {
            inputSize = v;
            return this;
        }

        public Builder numClasses(int v) {
            numClasses = v;
            return this;
        }

        public Builder conv1(int channels, int kernel) {
            conv1Channels = channels;
            conv1Kernel = kernel;
            return this;
        }

        public Builder conv2(int channels, int kernel) {
            conv2Channels = channels;
            conv2Kernel = kernel;
            return this;
        }

        public Builder hiddenUnits(int v) {
            hiddenUnits = v;
            return this;
        }

        public BaselineCnnConfig build() {
            BaselineCnnConfig c = new BaselineCnnConfig(this);
            positive("number of classes", numClasses);
            positive("conv1 channels", conv1Channels);
            positive("conv2 channels", conv2Channels);
            positive("hidden units", hiddenUnits);
            int conv1Out = c.conv1OutputSize();
            if (conv1Kernel < 1 || conv1Out < 2 || conv1Out % 2 != 0) {
                throw new InvalidInputException("baseline CNN: input " + inputSize + " and conv1 kernel " + conv1Kernel
                        + " give a " + conv1Out + "-pixel map; 2x2 pooling needs an even size >= 2");
            }
            int conv2Out = c.conv2OutputSize();
            if (conv2Kernel < 1 || conv2Out < 2 || conv2Out % 2 != 0) {
                throw new InvalidInputException("baseline CNN: input " + inputSize + " gives a " + conv2Out
                        + "-pixel conv2 map; 2x2 pooling needs an even size >= 2 (input 28 or 36 work)");
            }
            return c;
        }

        private static void positive(String what, int v) {
            if (v < 1) {
                throw new InvalidInputException("baseline CNN: " + what + " must be positive, got " + v);
            }
        }
    }
}
