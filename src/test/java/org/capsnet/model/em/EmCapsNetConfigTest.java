package org.capsnet.model.em;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.capsnet.InvalidInputException;
import org.capsnet.capsule.em.SpreadLoss;
import org.capsnet.model.TinyCapsNets;
import org.capsnet.model.losses.SpreadLossFunction;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;

class EmCapsNetConfigTest {

    @Test
    void parameterCountMatchesTheBuiltNetwork() {
        for (EmCapsNetConfig arch : new EmCapsNetConfig[] {EmCapsNetConfig.defaults(), EmCapsNetConfig.paperSmall()}) {
            ComputationGraph graph = arch.create(new NoOp(), 1, DataType.FLOAT);
            assertEquals(graph.numParams(), arch.parameterCount(), arch.toString());
        }
        // A=B=C=D=32: conv A 832, primary 17,952, C and D 147,520 each, class caps 5,140
        assertEquals(
                832 + 17_952 + 147_520 + 147_520 + 5_140,
                EmCapsNetConfig.defaults().parameterCount());
    }

    @Test
    void gridsFollowTheInputSize() {
        EmCapsNetConfig mnist = EmCapsNetConfig.defaults();
        assertEquals(12, mnist.primaryGridSize());
        assertEquals(5, mnist.convCGridSize());
        assertEquals(3, mnist.convDGridSize());
        assertEquals(5, mnist.withInputSize(36).convDGridSize());
        assertThrows(InvalidInputException.class, () -> mnist.withInputSize(16));
        assertThrows(InvalidInputException.class, () -> mnist.withDigitsPerImage(2));
    }

    /** Executors rebuild networks from the configuration's JSON: same outputs from the same parameters. */
    @Test
    void configurationSurvivesJson() {
        EmCapsNetConfig arch = EmCapsNetGradientCheckTest.tiny(2);
        ComputationGraph graph = arch.create(new NoOp(), 7, DataType.FLOAT);
        ComputationGraph copy = new ComputationGraph(
                ComputationGraphConfiguration.fromJson(graph.getConfiguration().toJson()));
        copy.init(graph.params().dup(), false);
        INDArray images = Nd4j.rand(DataType.FLOAT, 2, arch.inputPixels());
        assertTrue(graph.outputSingle(images).equalsWithEps(copy.outputSingle(images), 1e-6));
    }

    /** The loss layer reads the network's iteration count: halfway through the ramp the margin is 0.55. */
    @Test
    void spreadLossMarginFollowsTheIterationCount() {
        EmCapsNetConfig arch = EmCapsNetGradientCheckTest.tiny(2).toBuilder()
                .margin(0.2, 0.9, 1000)
                .build();
        ComputationGraph graph = arch.create(new NoOp(), 7, DataType.DOUBLE);
        INDArray images = Nd4j.rand(DataType.DOUBLE, 4, arch.inputPixels());
        MultiDataSet batch =
                arch.trainingBatch(images, TinyCapsNets.classes(new int[] {0, 1, 2, 0}, DataType.DOUBLE), null);
        INDArray activations = graph.outputSingle(images);
        graph.setInputs(batch.getFeatures());
        graph.setLabels(batch.getLabels());
        for (int step : new int[] {0, 500, 1000, 5000}) {
            graph.getConfiguration().setIterationCount(step);
            graph.computeGradientAndScore();
            double margin = new SpreadLossFunction(0.2, 0.9, 1000).margin(step);
            double expected = new SpreadLoss(margin)
                    .perExample(activations, batch.getLabels(0))
                    .meanNumber()
                    .doubleValue();
            assertEquals(expected, graph.score(), 1e-9, "step " + step + " margin " + margin);
        }
        assertEquals(0.55, new SpreadLossFunction(0.2, 0.9, 1000).margin(500), 1e-12);
    }

    /** The class capsules keep the assignment probabilities of the last inference pass, for pictures. */
    @Test
    void classCapsulesKeepTheLastAssignments() {
        EmCapsNetConfig arch = EmCapsNetGradientCheckTest.tiny(3);
        ComputationGraph graph = arch.create(new NoOp(), 7, DataType.FLOAT);
        graph.outputSingle(Nd4j.rand(DataType.FLOAT, 2, arch.inputPixels()));
        INDArray r = ((EmClassCapsuleLayerImpl) graph.getLayer(EmCapsNetGraph.CLASS_CAPS)).lastAssignments();
        assertTrue(
                java.util.Arrays.equals(new long[] {2, 2 * 2 * 2, 3}, r.shape()), java.util.Arrays.toString(r.shape()));
        assertTrue(r.sum(2).equalsWithEps(Nd4j.ones(DataType.FLOAT, 2, 8), 1e-5));
    }
}
