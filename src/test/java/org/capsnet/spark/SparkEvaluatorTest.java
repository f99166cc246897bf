package org.capsnet.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.capsnet.data.ExampleSet;
import org.capsnet.data.Split;
import org.capsnet.eval.EvaluationResult;
import org.capsnet.eval.Evaluator;
import org.capsnet.model.CapsNetConfig;
import org.capsnet.model.CapsNetGraph;
import org.capsnet.model.TinyCapsNets;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Sgd;

/** Scoring on the executors gives the same counts as scoring the whole split on the driver. */
class SparkEvaluatorTest extends SharedSparkContext {
    @TempDir
    Path tmp;

    @Test
    void executorScoresEqualDriverScores() {
        CapsNetConfig arch = TinyCapsNets.tiny(2, true);
        ComputationGraph graph = CapsNetGraph.create(arch, new Sgd(0.1), 2, DataType.FLOAT);
        ExampleSet test = TinyNets.examples(tmp, Split.TEST, arch, 35, 13);

        EvaluationResult distributed = new SparkEvaluator(sc, arch, test, 35, 2, 0).evaluate(graph);
        EvaluationResult local = Evaluator.evaluate(graph, arch, test, 0, 35, 100);

        assertEquals(35, distributed.examples());
        assertEquals(local.correct(), distributed.correct());
        for (int k = 0; k < arch.numClasses(); k++) {
            assertArrayEquals(local.confusion()[k], distributed.confusion()[k]);
        }
        assertEquals(
                20,
                new SparkEvaluator(sc, arch, test, 20, 2, 0).evaluate(graph).examples(),
                "a test slice scores only its examples");
    }

    @Test
    void rangesCoverTheSliceInNearlyEqualParts() {
        var ranges = SparkEvaluator.ranges(10, 4);
        assertEquals(4, ranges.size());
        assertEquals(0, ranges.get(0).from);
        assertEquals(10, ranges.get(3).to);
        for (int i = 1; i < 4; i++) {
            assertEquals(ranges.get(i - 1).to, ranges.get(i).from);
        }
        assertEquals(1, SparkEvaluator.ranges(1, 4).size());
    }
}
