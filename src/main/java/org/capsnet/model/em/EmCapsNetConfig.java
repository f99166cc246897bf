package org.capsnet.model.em;

import org.capsnet.InvalidInputException;
import org.capsnet.model.ClassTargets;
import org.capsnet.model.NetworkArchitecture;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * The architecture of a matrix-capsule network with EM routing (Hinton, Sabour and Frosst, ICLR 2018, figure 1),
 * immutable: ReLU conv A (5x5, stride 2), primary capsules B (1x1), convolutional capsules C (3x3, stride 2) and
 * D (3x3, stride 1), class capsules with shared transformations and coordinate addition, spread loss. Defaults
 * A = B = C = D = 32 (the public reference implementations' configuration); {@link #paperSmall()} is the paper's
 * smaller A = 64, B = 8, C = D = 16. A 28x28 input gives grids 12 -> 12 -> 5 -> 3, so 3x3xD children of the class
 * capsules. No padding anywhere.
 */
public final class EmCapsNetConfig implements NetworkArchitecture {
    private static final long serialVersionUID = 1L;
    public static final String FAMILY = "em-capsnet";
    static final int CONV_A_KERNEL = 5;
    static final int CONV_A_STRIDE = 2;
    static final int CAPS_KERNEL = 3;
    static final int CONV_C_STRIDE = 2;
    static final int CONV_D_STRIDE = 1;

    private final int inputSize;
    private final int numClasses;
    private final int convAChannels;
    private final int primaryTypes;
    private final int convCTypes;
    private final int convDTypes;
    private final int iterations;
    private final double inverseTemperature;
    private final double marginStart;
    private final double marginEnd;
    private final long marginRampSteps;

    /** For JSON (model provenance): Jackson sets the fields. */
    private EmCapsNetConfig() {
        this(new Builder());
    }

    private EmCapsNetConfig(Builder b) {
        inputSize = b.inputSize;
        numClasses = b.numClasses;
        convAChannels = b.convAChannels;
        primaryTypes = b.primaryTypes;
        convCTypes = b.convCTypes;
        convDTypes = b.convDTypes;
        iterations = b.iterations;
        inverseTemperature = b.inverseTemperature;
        marginStart = b.marginStart;
        marginEnd = b.marginEnd;
        marginRampSteps = b.marginRampSteps;
    }

    /** A = B = C = D = 32, 2 routing iterations, 28x28 input. */
    public static EmCapsNetConfig defaults() {
        return builder().build();
    }

    /** The paper's smaller network: A = 64, B = 8, C = D = 16. */
    public static EmCapsNetConfig paperSmall() {
        return builder().sizes(64, 8, 16, 16).build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** This network with A, B, C and D divided by {@code divisor} (at least 1 each), as --width-divisor does. */
    public EmCapsNetConfig widthDividedBy(int divisor) {
        if (divisor < 1) {
            throw new IllegalArgumentException("divisor must be >= 1, got " + divisor);
        }
        return toBuilder()
                .sizes(
                        Math.max(1, convAChannels / divisor),
                        Math.max(1, primaryTypes / divisor),
                        Math.max(1, convCTypes / divisor),
                        Math.max(1, convDTypes / divisor))
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

    public int inputPixels() {
        return inputSize * inputSize;
    }

    public int convAChannels() {
        return convAChannels;
    }

    public int primaryTypes() {
        return primaryTypes;
    }

    public int convCTypes() {
        return convCTypes;
    }

    public int convDTypes() {
        return convDTypes;
    }

    public int iterations() {
        return iterations;
    }

    public double inverseTemperature() {
        return inverseTemperature;
    }

    public double marginStart() {
        return marginStart;
    }

    public double marginEnd() {
        return marginEnd;
    }

    public long marginRampSteps() {
        return marginRampSteps;
    }

    /** Side of conv A's output grid, also that of the primary capsules. */
    public int primaryGridSize() {
        return (inputSize - CONV_A_KERNEL) / CONV_A_STRIDE + 1;
    }

    public int convCGridSize() {
        return (primaryGridSize() - CAPS_KERNEL) / CONV_C_STRIDE + 1;
    }

    public int convDGridSize() {
        return (convCGridSize() - CAPS_KERNEL) / CONV_D_STRIDE + 1;
    }

    @Override
    public EmCapsNetConfig withInputSize(int size) {
        return toBuilder().inputSize(size).build();
    }

    /** One digit per image only: the spread loss needs a single target class. */
    @Override
    public NetworkArchitecture withDigitsPerImage(int digits) {
        if (digits != 1) {
            throw new InvalidInputException("em-capsnet trains on one digit per image (spread loss), got " + digits);
        }
        return this;
    }

    @Override
    public ComputationGraph create(IUpdater updater, long seed, DataType dataType) {
        return EmCapsNetGraph.create(this, updater, seed, dataType);
    }

    /** Features {images}, labels {one-hot targets}; no decoder, so sources are not used. */
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
        long convA = (long) CONV_A_KERNEL * CONV_A_KERNEL * convAChannels + convAChannels;
        long primary = (long) convAChannels * primaryTypes * 17 + primaryTypes * 17L;
        long convC = (long) CAPS_KERNEL * CAPS_KERNEL * primaryTypes * 16 * convCTypes + 2L * convCTypes;
        long convD = (long) CAPS_KERNEL * CAPS_KERNEL * convCTypes * 16 * convDTypes + 2L * convDTypes;
        long classes = (long) convDTypes * 16 * numClasses + 2L * numClasses;
        return convA + primary + convC + convD + classes;
    }

    @Override
    public double trainingFlopsPerImage() {
        return EmFlopCount.trainingPerImage(this);
    }

    @Override
    public String toString() {
        return "EmCapsNet[input " + inputSize + "x" + inputSize + ", A=" + convAChannels + " B=" + primaryTypes
                + " C=" + convCTypes + " D=" + convDTypes + ", " + numClasses + " classes, " + iterations
                + " EM iterations, lambda " + inverseTemperature + ", margin " + marginStart + "->" + marginEnd
                + " over " + marginRampSteps + " steps]";
    }

    /** Builder with A = B = C = D = 32 as defaults; build() checks the geometry. */
    public static final class Builder {
        private int inputSize = 28;
        private int numClasses = 10;
        private int convAChannels = 32;
        private int primaryTypes = 32;
        private int convCTypes = 32;
        private int convDTypes = 32;
        private int iterations = 2;
        private double inverseTemperature = 1.0;
        private double marginStart = 0.2;
        private double marginEnd = 0.9;
        private long marginRampSteps = 10_000;

        private Builder() {}

        private Builder(EmCapsNetConfig c) {
            inputSize = c.inputSize;
            numClasses = c.numClasses;
            convAChannels = c.convAChannels;
            primaryTypes = c.primaryTypes;
            convCTypes = c.convCTypes;
            convDTypes = c.convDTypes;
            iterations = c.iterations;
            inverseTemperature = c.inverseTemperature;
            marginStart = c.marginStart;
            marginEnd = c.marginEnd;
            marginRampSteps = c.marginRampSteps;
        }

        public Builder inputSize(int v) {
            inputSize = v;
            return this;
        }

        public Builder numClasses(int v) {
            numClasses = v;
            return this;
        }
        /** Channels of conv A and capsule types of B, C and D. */
        public Builder sizes(int a, int b, int c, int d) {
            convAChannels = a;
            primaryTypes = b;
            convCTypes = c;
            convDTypes = d;
            return this;
        }

        public Builder iterations(int v) {
            iterations = v;
            return this;
        }
        /** The inverse temperature lambda of the last EM iteration (earlier ones use less). */
        public Builder inverseTemperature(double v) {
            inverseTemperature = v;
            return this;
        }
        /** Spread-loss margin: linear from start to end over the first rampSteps optimiser steps. */
        public Builder margin(double start, double end, long rampSteps) {
            marginStart = start;
            marginEnd = end;
            marginRampSteps = rampSteps;
            return this;
        }

        public EmCapsNetConfig build() {
            positive("number of classes", numClasses);
            positive("conv A channels", convAChannels);
            positive("primary capsule types", primaryTypes);
            positive("conv capsule C types", convCTypes);
            positive("conv capsule D types", convDTypes);
            positive("routing iterations", iterations);
            if (!(inverseTemperature > 0)) {
                throw new InvalidInputException(
                        "em-capsnet: inverse temperature must be positive, got " + inverseTemperature);
            }
            if (!(marginStart >= 0 && marginStart <= marginEnd && marginEnd <= 1) || marginRampSteps < 0) {
                throw new InvalidInputException("em-capsnet: margin needs 0 <= start <= end <= 1 and ramp >= 0,"
                        + " got " + marginStart + ", " + marginEnd + ", " + marginRampSteps);
            }
            EmCapsNetConfig c = new EmCapsNetConfig(this);
            if (inputSize < CONV_A_KERNEL || c.convCGridSize() < CAPS_KERNEL) {
                throw new InvalidInputException("em-capsnet: input " + inputSize + " is too small (at least 17"
                        + " so that conv capsules D have a 3x3 input)");
            }
            return c;
        }

        private static void positive(String what, int v) {
            if (v < 1) {
                throw new InvalidInputException("em-capsnet: " + what + " must be positive, got " + v);
            }
        }
    }
}
