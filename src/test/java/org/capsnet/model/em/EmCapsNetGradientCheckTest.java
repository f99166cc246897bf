package org.capsnet.model.em;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.capsnet.model.TinyCapsNets;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;

/**
 * Gradient checks in double precision of the whole matrix-capsule network (central differences against the
 * hand-written backward passes of the primary-capsule activation, both convolutional capsule layers, the class
 * capsules and the spread loss), for 1, 2 and 3 EM iterations. The parameters of conv A and the primary capsules
 * only reach the loss through the capsule layers' input gradients, so those are checked too.
 */
class EmCapsNetGradientCheckTest {

    @BeforeAll
    static void doublePrecision() {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
        // Hundreds of forward passes outside workspaces make off-heap garbage faster than the 6 GB heap fills:
        // collect every second so the JVM's resident size stays small on a shared machine.
        Nd4j.getMemoryManager().togglePeriodicGc(true);
        Nd4j.getMemoryManager().setAutoGcWindow(1000);
    }

    /** 21x21 input: grids 9 -> 9 -> 4 -> 2, so windows overlap in C and D and the class capsules see 4 positions. */
    static EmCapsNetConfig tiny(int iterations) {
        return EmCapsNetConfig.builder().inputSize(21).numClasses(3).sizes(3, 2, 2, 2).iterations(iterations)
                .inverseTemperature(1.0).build();
    }

    @ParameterizedTest(name = "iterations={0}")
    @ValueSource(ints = {1, 2, 3})
    void wholeNetworkGradientsMatchFiniteDifferences(int iterations) {
        EmCapsNetConfig arch = tiny(iterations);
        ComputationGraph graph = EmCapsNetGraph.create(arch, new NoOp(), 12345, DataType.DOUBLE);
        Nd4j.getRandom().setSeed(42);
        INDArray images = Nd4j.rand(DataType.DOUBLE, 3, arch.inputPixels());
        var data = arch.trainingBatch(images, TinyCapsNets.classes(new int[] {0, 2, 1}, DataType.DOUBLE), null);
        assertTrue(GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig()
                .net(graph)
                .inputs(data.getFeatures())
                .labels(data.getLabels())
                .epsilon(1e-6)
                .maxRelError(1e-5)
                .minAbsoluteError(1e-9)
                .subset(true).maxPerParam(8)
                .print(GradientCheckUtil.PrintMode.FAILURES_ONLY)
                .exitOnFirstError(false)), "gradient check failed; see the log for the parameters that differ");
    }
}
