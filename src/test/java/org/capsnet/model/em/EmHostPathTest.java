package org.capsnet.model.em;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Map;
import org.capsnet.model.TinyCapsNets;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;

/**
 * The capsule layers' Java loops and their ND4J ops give the same network: score, every parameter gradient, the
 * class activations and the class capsules' assignments, in float and double, with both convolutional capsule layers
 * (stride 2, then 1 with overlapping windows) and coordinate addition.
 */
class EmHostPathTest {

    @ParameterizedTest
    @CsvSource({"2, DOUBLE", "3, DOUBLE", "2, FLOAT"})
    void javaLoopsAndNd4jOpsAgree(int iterations, DataType type) {
        EmCapsNetConfig arch = EmCapsNetGradientCheckTest.tiny(iterations);
        ComputationGraph graph = EmCapsNetGraph.create(arch, new NoOp(), 12345, type);
        Nd4j.getRandom().setSeed(42);
        INDArray images = Nd4j.rand(type, 3, arch.inputPixels());
        MultiDataSet data = arch.trainingBatch(images, TinyCapsNets.classes(new int[] {0, 2, 1}, type), null);

        Run host = run(graph, data, true);
        Run nd4j = run(graph, data, false);
        double tolerance = type == DataType.DOUBLE ? 1e-9 : 1e-3;
        assertEquals(nd4j.score, host.score, tolerance * Math.abs(nd4j.score), "score");
        assertClose(nd4j.activations, host.activations, tolerance, "class activations");
        assertClose(nd4j.assignments, host.assignments, tolerance, "class assignments");
        for (Map.Entry<String, INDArray> e : nd4j.gradients.entrySet()) {
            INDArray h = host.gradients.get(e.getKey());
            double scale = Math.max(1e-3, e.getValue().amaxNumber().doubleValue());
            assertClose(e.getValue(), h, tolerance * scale, e.getKey());
        }
    }

    private record Run(double score, Map<String, INDArray> gradients, INDArray activations, INDArray assignments) {}

    private static Run run(ComputationGraph graph, MultiDataSet data, boolean hostPath) {
        for (Layer layer : graph.getLayers()) {
            if (layer instanceof EmConvCapsuleLayerImpl conv) {
                conv.useHostPath(hostPath);
            } else if (layer instanceof EmClassCapsuleLayerImpl caps) {
                caps.useHostPath(hostPath);
            }
        }
        graph.setInputs(data.getFeatures());
        graph.setLabels(data.getLabels());
        graph.computeGradientAndScore();
        Map<String, INDArray> gradients = new java.util.TreeMap<>();
        graph.gradient().gradientForVariable().forEach((k, v) -> gradients.put(k, v.dup()));
        INDArray activations = graph.outputSingle(false, data.getFeatures()).dup();
        INDArray assignments = ((EmClassCapsuleLayerImpl) graph.getLayer(EmCapsNetGraph.CLASS_CAPS)).lastAssignments();
        assertNotNull(assignments, "lastAssignments after inference");
        return new Run(graph.score(), gradients, activations, assignments.dup());
    }

    private static void assertClose(INDArray expected, INDArray actual, double tolerance, String what) {
        assertTrue(Arrays.equals(expected.shape(), actual.shape()), what + ": shapes differ");
        assertEquals(0.0, expected.sub(actual).amaxNumber().doubleValue(), tolerance, what);
    }
}
