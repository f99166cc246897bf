package org.capsnet.cli;

import org.capsnet.InvalidInputException;
import org.capsnet.model.CapsNetConfig;
import org.capsnet.model.NetworkArchitecture;
import org.capsnet.model.baseline.BaselineCnnConfig;

import java.util.List;

/** The network families the commands can train, by their --architecture names. */
final class Architectures {
    static final String CAPSNET = CapsNetConfig.FAMILY;
    static final String BASELINE_CNN = BaselineCnnConfig.FAMILY;

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
        throw new InvalidInputException("--architecture must be one of " + names() + ", got '" + name + "'");
    }

    static List<String> names() {
        return List.of(CAPSNET, BASELINE_CNN);
    }

    /** The models of the paper's MultiMNIST comparison (input size and digits per image follow from the data). */
    static List<NetworkArchitecture> paperMultiMnist(int routings) {
        return List.of(CapsNetConfig.builder().routings(routings).build(), BaselineCnnConfig.paper());
    }
}
