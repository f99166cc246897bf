package org.capsnet.cli;

import java.util.List;
import org.capsnet.InvalidInputException;
import org.capsnet.model.CapsNetConfig;
import org.capsnet.model.NetworkArchitecture;
import org.capsnet.model.em.EmCapsNetConfig;
import org.capsnet.model.family.Families;

/** The network families of {@link Families} by their --architecture names, and the options that size them. */
final class Architectures {
    private Architectures() {}

    /**
     * The family {@code name} with the paper's layer sizes; {@code capsNet} is used for "capsnet", and its routing
     * iterations (--routings) are the EM iterations of "em-capsnet".
     */
    static NetworkArchitecture named(String name, CapsNetConfig capsNet) {
        if (!Families.names().contains(name)) {
            throw new InvalidInputException("--architecture must be one of " + names() + ", got '" + name + "'");
        }
        if (CapsNetConfig.FAMILY.equals(name)) {
            return capsNet;
        }
        NetworkArchitecture paper = Families.named(name).paper();
        return paper instanceof EmCapsNetConfig em
                ? em.toBuilder().iterations(capsNet.routings()).build()
                : paper;
    }

    static List<String> names() {
        return Families.names();
    }

    /** The names for picocli's ${COMPLETION-CANDIDATES}. */
    static final class Names implements Iterable<String> {
        @Override
        public java.util.Iterator<String> iterator() {
            return names().iterator();
        }
    }

    /**
     * The models of the paper's MultiMNIST comparison (input size and digits per image follow from the data), with
     * every channel and unit count divided by {@code divisor} (1: the paper's sizes) and the CapsNet's routing
     * iterations set to {@code routings}.
     */
    static List<NetworkArchitecture> paperMultiMnist(int routings, int divisor) {
        if (divisor < 1 || divisor > 32) {
            throw new InvalidInputException("--width-divisor must be in 1..32, got " + divisor);
        }
        return Families.paperMultiMnist(divisor).stream()
                .map(m -> m instanceof CapsNetConfig c
                        ? c.toBuilder().routings(routings).build()
                        : m)
                .toList();
    }
}
