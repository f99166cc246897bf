package org.capsnet.cli;

import java.util.Arrays;
import org.capsnet.InvalidInputException;
import org.capsnet.model.NetworkArchitecture;
import org.capsnet.model.em.EmCapsNetConfig;
import picocli.CommandLine.Option;

/** The --em-sizes option: the widths of em-capsnet's four layers, for the paper's smaller network and others. */
public class EmSizesOption {
    @Option(
            names = "--em-sizes",
            paramLabel = "A,B,C,D",
            description = "em-capsnet only: conv A channels, primary capsule types B, conv capsule types C and D "
                    + "(default 32,32,32,32; the paper's smaller network is 64,8,16,16).")
    String sizes;

    /** {@code network} with these sizes when the option was given, which it may only be for em-capsnet. */
    NetworkArchitecture apply(NetworkArchitecture network) {
        if (sizes == null) {
            return network;
        }
        if (!(network instanceof EmCapsNetConfig em)) {
            throw new InvalidInputException("--em-sizes applies only to --architecture " + EmCapsNetConfig.FAMILY);
        }
        int[] abcd = parse(sizes);
        return em.toBuilder().sizes(abcd[0], abcd[1], abcd[2], abcd[3]).build();
    }

    private static int[] parse(String text) {
        try {
            int[] abcd = Arrays.stream(text.split(",", -1))
                    .map(String::trim)
                    .mapToInt(Integer::parseInt)
                    .toArray();
            if (abcd.length == 4 && Arrays.stream(abcd).allMatch(s -> s >= 1)) {
                return abcd;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new InvalidInputException("--em-sizes must be four positive whole numbers A,B,C,D, got '" + text + "'");
    }
}
