package org.capsnet.cli;

import java.awt.image.BufferedImage;
import org.capsnet.InvalidInputException;
import org.capsnet.data.LabelledImages;
import org.capsnet.eval.pictures.CapsuleDecoder;
import org.capsnet.eval.pictures.Reconstructions;
import org.capsnet.eval.pictures.TwoDigitReconstructions;
import org.capsnet.io.StoragePath;
import org.capsnet.model.CapsNetConfig;
import org.capsnet.model.NetworkArchitecture;
import org.deeplearning4j.nn.graph.ComputationGraph;
import picocli.CommandLine.Option;

/**
 * The --reconstructions-out option of evaluate: the first test examples and their reconstructions as PNG; on
 * MultiMNIST data, the reconstruction of each of the two predicted digits.
 */
public class ReconstructionsOption {
    static final int COUNT = 10;

    @Option(
            names = "--reconstructions-out",
            paramLabel = "FILE.png",
            description = "Also draw the first " + COUNT
                    + " test examples with their reconstructions (MultiMNIST: of each of the two predicted digits).")
    StoragePath out;

    /** Before evaluating: the model must be a CapsNet with a decoder, the output's directory must be writable. */
    void check(ComputationGraph graph, Object architecture, StoragePath model) {
        if (out == null) {
            return;
        }
        OutputFiles.prepare("--reconstructions-out", out, "--model", model);
        if (!(architecture instanceof CapsNetConfig)) {
            String family = architecture instanceof NetworkArchitecture a ? a.family() : "network of unknown family";
            throw new InvalidInputException("--reconstructions-out: --model " + model + " has no decoder because it "
                    + "is a " + family + ", not a CapsNet: it cannot draw reconstructions");
        }
        if (!CapsuleDecoder.hasDecoder(graph)) {
            throw new InvalidInputException("--reconstructions-out: --model " + model + " has no decoder (trained "
                    + "with --no-reconstruction): it cannot draw reconstructions");
        }
    }

    /** Writes the picture when the option is given; returns whether it did. */
    boolean write(ComputationGraph graph, Object architecture, LabelledImages test) {
        if (out == null || test.size() == 0) {
            return false;
        }
        CapsNetConfig arch = (CapsNetConfig) architecture;
        int count = Math.min(COUNT, test.size());
        BufferedImage image = test.isMultiDigit()
                ? TwoDigitReconstructions.render(graph, arch, test, 0, count)
                : Reconstructions.render(graph, arch, test, 0, count);
        OutputFiles.writePng("--reconstructions-out", out, image);
        return true;
    }
}
