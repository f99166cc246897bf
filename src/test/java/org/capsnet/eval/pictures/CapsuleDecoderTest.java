package org.capsnet.eval.pictures;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.capsnet.data.LabelledImages;
import org.capsnet.model.CapsNetConfig;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

class CapsuleDecoderTest {
    @Test
    void decoderOnTheLongestCapsuleReproducesTheNetworksOwnReconstruction() {
        CapsNetConfig arch = Pictures.tinyArch(4, true);
        ComputationGraph graph = Pictures.network(arch);
        LabelledImages data = Pictures.tinyData(arch, 6);

        // the label input is ignored at inference: the graph's mask takes the longest capsule
        INDArray noLabels =
                org.nd4j.linalg.factory.Nd4j.zeros(data.images().dataType(), data.size(), arch.numClasses());
        INDArray[] outputs = graph.output(false, data.images(), noLabels);
        DigitCapsules capsules = DigitCapsules.infer(graph, arch, data.images());
        INDArray decoded = CapsuleDecoder.of(graph).decode(capsules.masked(capsules.longest()));

        assertArrayEquals(outputs[1].shape(), decoded.shape());
        assertTrue(outputs[1].equalsWithEps(decoded, 1e-6), "decoder differs from the graph's reconstruction");
        double[][] lengths = outputs[0].toDoubleMatrix();
        int[] longest = capsules.longest();
        for (int b = 0; b < lengths.length; b++) {
            assertEquals(
                    org.nd4j.linalg.factory.Nd4j.createFromArray(lengths[b])
                            .argMax()
                            .getInt(0),
                    longest[b]);
        }
    }

    @Test
    void networkWithoutDecoderIsRefused() {
        ComputationGraph graph = Pictures.network(Pictures.tinyArch(4, false));
        assertFalse(CapsuleDecoder.hasDecoder(graph));
        assertThrows(IllegalArgumentException.class, () -> CapsuleDecoder.of(graph));
    }

    @Test
    void inputOfTheWrongWidthIsRefused() {
        ComputationGraph graph = Pictures.network(Pictures.tinyArch(4, true));
        assertThrows(
                IllegalArgumentException.class,
                () -> CapsuleDecoder.of(graph).decode(org.nd4j.linalg.factory.Nd4j.zeros(2, 39)));
    }
}
