package org.capsnet.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import org.capsnet.train.HostAdam;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.learning.config.Adam;

/**
 * Training is bit-for-bit repeatable for a fixed seed and thread count: the Java im2col, col2im and routing split
 * examples over threads but sum each example in a fixed order.
 */
class TrainingDeterminismTest {

    @Test
    void twoRunsWithTheSameSeedGiveIdenticalParameters() {
        CapsNetConfig arch = TinyCapsNets.small();
        INDArray first = trainedParameters(arch);
        INDArray second = trainedParameters(arch);
        assertEquals(first, second);
        assertEquals(0.0, first.sub(second).amaxNumber().doubleValue(), 0.0, "not bit-for-bit equal");
        assertNotEquals(arch.create(new Adam(1e-3), 5, DataType.FLOAT).params(), first, "training changed nothing");
    }

    private static INDArray trainedParameters(CapsNetConfig arch) {
        ComputationGraph graph = arch.create(HostAdam.of(1e-3), 5, DataType.FLOAT); // the trainer's updater
        INDArray images = TinyCapsNets.images(11, 8, arch, DataType.FLOAT);
        INDArray classes = TinyCapsNets.classes(new int[] {0, 1, 2, 3, 4, 5, 6, 7}, DataType.FLOAT);
        MultiDataSet batch = arch.trainingBatch(images, classes, null);
        for (int step = 0; step < 3; step++) {
            graph.fit(batch);
        }
        return graph.params().dup();
    }
}
