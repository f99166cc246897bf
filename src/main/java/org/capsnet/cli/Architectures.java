package org.capsnet.cli;

import org.capsnet.InvalidInputException;
import org.capsnet.model.CapsNetConfig;
import org.capsnet.model.NetworkArchitecture;
import org.capsnet.model.baseline.BaselineCnnConfig;
import org.capsnet.model.em.EmCapsNetConfig;

import java.util.List;

/** The network families the commands can train, by their --architecture names. */
final class Architectures {
    static final String CAPSNET = CapsNetConfig.FAMILY;
    static final String BASELINE_CNN = BaselineCnnConfig.FAMILY;
    static final String EM_CAPSNET = EmCapsNetConfig.FAMILY;

    private Architectures() {
    }

    /** The family {@code name} with the paper's layer sizes; {@code capsNet} is used for "capsnet". */
    static NetworkArchitecture named(String name, CapsNetConfig capsNet) {
        if (CAPSNET.equals(name)) {
            return capsNet;
        }
        if (BASELINE_CNN.equals(name)) {
            return BaselineCnnConfig.paper();
        }
        if (EM_CAPSNET.equals(name)) {
            return EmCapsNetConfig.builder().iterations(capsNet.routings()).build(); // --routings: EM iterations
        }
        throw new InvalidInputException("--architecture must be one of " + names() + ", got '" + name + "'");
    }

    static List<String> names() {
        return List.of(CAPSNET, BASELINE_CNN, EM_CAPSNET);
    }

    /**
     * The models of the paper's MultiMNIST comparison (input size and digits per image follow from the data), with
     * every channel and unit count divided by {@code divisor} (1: the paper's sizes).
     */
    static List<NetworkArchitecture> paperMultiMnist(int routings, int divisor) {
        if (divisor < 1 || divisor > 32) {
            throw new InvalidInputException("--width-divisor must be in 1..32, got " + divisor);
        }
        CapsNetConfig paper = CapsNetConfig.paper();
        int[] decoder = paper.decoderHidden();
        for (int i = 0; i < decoder.length; i++) {
            decoder[i] /= divisor;
        }
        CapsNetConfig capsNet = paper.toBuilder().routings(routings)
                .conv1Channels(paper.conv1Channels() / divisor)
                .primaryCapsuleChannels(paper.primaryCapsuleChannels() / divisor)
                .decoderHidden(decoder)
                .build();
        BaselineCnnConfig b = BaselineCnnConfig.paper();
        BaselineCnnConfig baseline = b.toBuilder()
                .conv1(b.conv1Channels() / divisor, b.conv1Kernel())
                .conv2(b.conv2Channels() / divisor, b.conv2Kernel())
                .hiddenUnits(b.hiddenUnits() / divisor)
                .build();
        return List.of(capsNet, baseline);
    }
}
