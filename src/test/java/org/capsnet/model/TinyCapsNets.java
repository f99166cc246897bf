package org.capsnet.model;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Small CapsNets and data for fast tests: same structure as the paper's, a few hundred parameters. */
public final class TinyCapsNets {
    private TinyCapsNets() {}

    /** 10x10 input, conv1 4@3x3, PrimaryCaps 2 channels x 4D @3x3/2 (3x3x2 = 18 capsules), 3 classes x 4D. */
    public static CapsNetConfig tiny(int routings, boolean decoder) {
        return CapsNetConfig.builder()
                .inputSize(10)
                .numClasses(3)
                .conv1Channels(4)
                .conv1Kernel(3)
                .primaryCapsuleChannels(2)
                .primaryCapsuleDim(4)
                .primaryKernel(3)
                .primaryStride(2)
                .digitCapsuleDim(4)
                .routings(routings)
                .decoderHidden(decoder ? new int[] {6} : new int[0])
                .build();
    }

    /**
     * The paper's CapsNet structure with fewer channels (conv1 16, PrimaryCaps 4 x 8D, DigitCaps 10 x 16D, decoder
     * 32-64): about 100x fewer FLOPs, for training tests on real (Multi)MNIST. Input size and digits per image
     * follow from the data.
     */
    public static CapsNetConfig small() {
        return CapsNetConfig.builder()
                .conv1Channels(16)
                .primaryCapsuleChannels(4)
                .decoderHidden(32, 64)
                .build();
    }

    public static INDArray images(long seed, int batch, CapsNetConfig arch, DataType type) {
        Nd4j.getRandom().setSeed(seed);
        return Nd4j.rand(type, batch, arch.inputPixels());
    }

    /** Class indices {@code [B, 1]} for {@link CapsNetConfig#trainingBatch}. */
    public static INDArray classes(int[] labels, DataType type) {
        INDArray c = Nd4j.zeros(type, labels.length, 1);
        for (int i = 0; i < labels.length; i++) {
            c.putScalar(i, 0, labels[i]);
        }
        return c;
    }

    public static INDArray oneHot(int[] labels, int classes, DataType type) {
        INDArray t = Nd4j.zeros(type, labels.length, classes);
        for (int i = 0; i < labels.length; i++) {
            t.putScalar(i, labels[i], 1.0);
        }
        return t;
    }
}
