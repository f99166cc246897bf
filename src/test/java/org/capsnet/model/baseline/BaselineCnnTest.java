package org.capsnet.model.baseline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.capsnet.InvalidInputException;
import org.capsnet.data.DatasetLoader;
import org.capsnet.data.LabelledImages;
import org.capsnet.data.Split;
import org.capsnet.data.TestData;
import org.capsnet.model.conv.OpenBlasCoreType;
import org.deeplearning4j.gradientcheck.GradientCheckUtil;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.NoOp;

class BaselineCnnTest {

    @BeforeAll
    static void fastBlas() {
        OpenBlasCoreType.configure();
    }

    /** 12x12 input: conv 3x3 -> 10, pool -> 5, conv 2x2 -> 4, pool -> 2; 2*2*3 features. */
    private static BaselineCnnConfig tiny() {
        return BaselineCnnConfig.builder()
                .inputSize(12)
                .numClasses(3)
                .conv1(4, 3)
                .conv2(3, 2)
                .hiddenUnits(5)
                .build();
    }

    @Test
    void paperSizesFollowFromTheInputAndMatchTheGraphsParameterCount() {
        BaselineCnnConfig multiMnist = BaselineCnnConfig.paper();
        assertEquals(5, multiMnist.pool2OutputSize());
        // conv1 9*9*512+512, conv2 5*5*512*256+256, hidden 6400*1024+1024, output 1024*10+10
        assertEquals(41_984 + 3_277_056 + 6_554_624 + 10_250, multiMnist.parameterCount());
        BaselineCnnConfig mnist = multiMnist.withInputSize(28);
        assertEquals(3, mnist.pool2OutputSize());
        ComputationGraph graph = mnist.create(new Adam(1e-3), 1, DataType.FLOAT);
        assertEquals(mnist.parameterCount(), graph.numParams());
    }

    @Test
    void geometryThatPoolingCannotHalveIsRejectedWithTheSizes() {
        InvalidInputException e = assertThrows(
                InvalidInputException.class,
                () -> BaselineCnnConfig.builder().inputSize(30).build());
        assertTrue(e.getMessage().contains("input 30") && e.getMessage().contains("7-pixel"), e.getMessage());
    }

    @Test
    void outputsArePerClassProbabilities() {
        BaselineCnnConfig arch = tiny();
        ComputationGraph graph = arch.create(new NoOp(), 3, DataType.FLOAT);
        INDArray scores = graph.output(false, arch.inferenceInputs(Nd4j.rand(DataType.FLOAT, 4, 144)))[0];
        assertEquals(4, scores.size(0));
        assertEquals(3, scores.size(1));
        assertTrue(scores.minNumber().doubleValue() > 0 && scores.maxNumber().doubleValue() < 1);
    }

    @Test
    void wholeNetworkGradientsMatchFiniteDifferences() {
        DataType before = Nd4j.defaultFloatingPointType();
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
        try {
            BaselineCnnConfig arch = tiny();
            ComputationGraph graph = arch.create(new NoOp(), 12345, DataType.DOUBLE);
            Nd4j.getRandom().setSeed(5);
            INDArray images = Nd4j.rand(DataType.DOUBLE, 3, 144);
            MultiDataSet data =
                    arch.trainingBatch(images, Nd4j.createFromArray(new double[][] {{0, 2}, {1, 0}, {2, 1}}), null);
            boolean ok = GradientCheckUtil.checkGradients(new GradientCheckUtil.GraphConfig()
                    .net(graph)
                    .inputs(data.getFeatures())
                    .labels(data.getLabels())
                    .epsilon(1e-6)
                    .maxRelError(1e-5)
                    .minAbsoluteError(1e-9)
                    .print(GradientCheckUtil.PrintMode.FAILURES_ONLY)
                    .exitOnFirstError(false));
            assertTrue(ok, "gradient check failed; see the log for the parameters that differ");
        } finally {
            Nd4j.setDefaultDataTypes(before, before);
        }
    }

    @Test
    void learnsMnistDigitsWellAboveChance(@TempDir Path dir) {
        TestData.mnistSubset(dir, 400, 10);
        LabelledImages train = DatasetLoader.load(dir, Split.TRAIN);
        BaselineCnnConfig arch = BaselineCnnConfig.builder()
                .inputSize(28)
                .conv1(16, 9)
                .conv2(16, 5)
                .hiddenUnits(64)
                .build();
        ComputationGraph graph = arch.create(new Adam(3e-3), 11, DataType.FLOAT);
        int[][] labels = train.labels();
        INDArray labelMatrix = Nd4j.createFromArray(labels).castTo(DataType.FLOAT);
        MultiDataSet all = arch.trainingBatch(train.images(), labelMatrix, null);
        double firstScore = graph.score(all);
        for (int epoch = 0; epoch < 6; epoch++) {
            for (int from = 0; from < train.size(); from += 50) {
                int to = Math.min(from + 50, train.size());
                graph.fit(arch.trainingBatch(
                        train.images().get(org.nd4j.linalg.indexing.NDArrayIndex.interval(from, to)),
                        labelMatrix.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(from, to)),
                        null));
            }
        }
        assertTrue(graph.score(all) < 0.5 * firstScore, "loss " + firstScore + " -> " + graph.score(all));
        INDArray predicted = graph.output(false, arch.inferenceInputs(train.images()))[0].argMax(1);
        int correct = 0;
        for (int i = 0; i < train.size(); i++) {
            correct += predicted.getInt(i) == labels[i][0] ? 1 : 0;
        }
        assertTrue(correct > 0.6 * train.size(), "training accuracy " + correct + "/" + train.size());
    }
}
