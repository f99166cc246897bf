package org.capsnet.spark;

import org.capsnet.model.TinyCapsNets;
import org.capsnet.data.LabelledImages;
import org.capsnet.eval.EvaluationResult;
import org.capsnet.eval.Evaluator;
import org.capsnet.model.CapsNetConfig;
import org.capsnet.model.CapsNetGraph;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Scoring on the executors gives the same counts as scoring the whole split on the driver. */
class SparkEvaluatorTest extends SharedSparkContext {
    @Test
    void executorScoresEqualDriverScores() {
        CapsNetConfig arch = TinyCapsNets.tiny(2, true);
        ComputationGraph graph = CapsNetGraph.create(arch, new Sgd(0.1), 2, DataType.FLOAT);
        List<MultiDataSet> batches = TinyNets.minibatches(arch, 5, 7, 13, DataType.FLOAT);

        EvaluationResult distributed = new SparkEvaluator(sc, sc.parallelize(new ArrayList<>(batches), 2), 0)
                .evaluate(graph, arch);

        INDArray images = Nd4j.concat(0, batches.stream().map(b -> b.getFeatures(0)).toArray(INDArray[]::new));
        INDArray targets = Nd4j.concat(0, batches.stream().map(b -> b.getLabels(0)).toArray(INDArray[]::new));
        int[][] labels = new int[(int) targets.size(0)][];
        for (int i = 0; i < labels.length; i++) {
            labels[i] = new int[] {targets.getRow(i).argMax().getInt(0)};
        }
        EvaluationResult local = Evaluator.evaluate(graph, arch,
                new LabelledImages(images, 10, 10, labels, null, Map.of()), 100);

        assertEquals(35, distributed.examples());
        assertEquals(local.correct(), distributed.correct());
        for (int k = 0; k < arch.numClasses(); k++) {
            assertArrayEquals(local.confusion()[k], distributed.confusion()[k]);
        }
    }

    @Test
    void multiHotTargetsBecomeLabelLists() {
        assertArrayEquals(new int[] {3}, ScorePartition.labelsOf(new double[] {0, 0, 0, 1}));
        assertArrayEquals(new int[] {1, 3}, ScorePartition.labelsOf(new double[] {0, 1, 0, 1}));
        assertArrayEquals(new int[] {2, 2}, ScorePartition.labelsOf(new double[] {0, 0, 2, 0}));
    }
}
