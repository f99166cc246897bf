package org.capsnet.model;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;

/**
 * Gradient checks in double precision of the whole network with the project's own layers, vertices and losses
 * (central differences against the hand-written backward passes), for 1, 2 and 3 routing iterations.
 */
class CapsNetGradientCheckTest {

    @BeforeAll
    static void doublePrecision() {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
    }

    // The stop-gradient routing variant is not the gradient of the forward function by design; the capsule
    // package checks it against its own definition.
    @ParameterizedTest(name = "routings={0} decoder={1}")
    @CsvSource({"1,true", "2,true", "3,true", "3,false"})
    void wholeNetworkGradientsMatchFiniteDifferences(int routings, boolean decoder) {
        CapsNetConfig arch = TinyCapsNets.tiny(routings, decoder);
        ComputationGraph graph = CapsNetGraph.create(arch, new NoOp(), 12345, DataType.DOUBLE);
        // Larger DigitCaps weights than training's 0.01 so that the routing terms matter in the check.
        graph.getParam(CapsNetGraph.DIGIT_CAPS + "_W").muli(30);
        INDArray images = TinyCapsNets.images(42, 3, arch, DataType.DOUBLE);
        var data = arch.trainingBatch(images, TinyCapsNets.classes(new int[] {0, 2, 1}, DataType.DOUBLE), null);
        assertTrue(check(graph, data), "gradient check failed; see the log for the parameters that differ");
    }

    /**
     * Two digits per image: the mask runs the decoder once per digit on [2B] rows and the loss sees [B, 2P]. The
     * check divides the gradient by the graph's minibatch B, as training does, and compares it with the score.
     */
    @Test
    void twoDigitNetworkGradientsMatchFiniteDifferences() {
        CapsNetConfig arch = TinyCapsNets.tiny(2, true).withDigitsPerImage(2);
        ComputationGraph graph = CapsNetGraph.create(arch, new NoOp(), 12345, DataType.DOUBLE);
        graph.getParam(CapsNetGraph.DIGIT_CAPS + "_W").muli(30);
        INDArray images = TinyCapsNets.images(42, 3, arch, DataType.DOUBLE);
        INDArray classes = Nd4j.createFromArray(new double[][] {{0, 2}, {2, 1}, {1, 0}});
        INDArray sources =
                TinyCapsNets.images(7, 3, arch, DataType.DOUBLE).repeat(1, 2).muli(0.5);
        var data = arch.trainingBatch(images, classes, sources);
        assertTrue(check(graph, data), "gradient check failed; see the log for the parameters that differ");
    }

    private static boolean check(ComputationGraph graph, org.nd4j.linalg.dataset.api.MultiDataSet data) {
        return GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig()
                .net(graph)
                .inputs(data.getFeatures())
                .labels(data.getLabels())
                .epsilon(1e-6)
                .maxRelError(1e-5)
                .minAbsoluteError(1e-9)
                .subset(true)
                .maxPerParam(40)
                .print(GradientCheckUtil.PrintMode.FAILURES_ONLY)
                .exitOnFirstError(false));
    }
}
