package org.capsnet.spark;

import org.capsnet.model.TinyCapsNets;
import org.capsnet.model.CapsNetConfig;
import org.capsnet.model.CapsNetGraph;
import org.capsnet.train.EpochStats;
import org.capsnet.train.ProgressBar;
import org.capsnet.train.TrainingConfig;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Sgd;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * With plain SGD and averaging after every step, W workers on equal minibatches of b make the same update as one
 * worker on the combined minibatch of W*b: DL4J divides gradients by the minibatch size, so the mean of the
 * workers' mean gradients is the mean gradient of the combined minibatch (and the same holds for the parameters).
 */
class ParameterAveragingEquivalenceTest extends SharedSparkContext {
    private static final int BATCH = 4;

    @Test
    void twoWorkersAveragingEveryStepMatchOneWorkerOnTheCombinedBatch() {
        CapsNetConfig arch = TinyCapsNets.tiny(2, true);
        ComputationGraph distributed = CapsNetGraph.create(arch, new Sgd(1.0), 11, DataType.DOUBLE);
        ComputationGraph single = CapsNetGraph.create(arch, new Sgd(1.0), 11, DataType.DOUBLE);
        INDArray initial = single.params().dup();
        assertEquals(initial, distributed.params());

        List<MultiDataSet> batches = TinyNets.minibatches(arch, 2, BATCH, 3, DataType.DOUBLE);
        TrainingConfig config = TrainingConfig.builder().batchSize(BATCH).maxShift(0).epochs(2).seed(5).build();
        SparkTrainerConfig spark = SparkTrainerConfig.builder().workers(2).averagingFrequency(1).build();
        SparkEpochFitter fitter = new SparkEpochFitter(sc, arch, config, spark, sc.parallelize(new ArrayList<>(batches), 2));

        INDArray images = Nd4j.concat(0, batches.get(0).getFeatures(0), batches.get(1).getFeatures(0));
        INDArray targets = Nd4j.concat(0, batches.get(0).getLabels(0), batches.get(1).getLabels(0));
        for (int epoch = 0; epoch < 2; epoch++) {
            EpochStats stats = fitter.fit(distributed, epoch, ProgressBar.silent());
            assertEquals(2 * BATCH, stats.examples());
            assertEquals(1, fitter.lastTimes().rounds());
            single.fit(arch.trainingBatch(images, targets.argMax(1).reshape(-1, 1).castTo(DataType.DOUBLE), null));
        }

        assertEquals(2, fitter.workers());
        double moved = single.params().sub(initial).norm2Number().doubleValue();
        double difference = single.params().sub(distributed.params()).norm2Number().doubleValue();
        System.out.println("moved " + moved + ", difference " + difference);
        assertTrue(moved > 1e-4, "training moved the parameters by " + moved);
        assertTrue(difference < 1e-9 * moved,
                "distributed and combined-batch parameters differ by " + difference + " (moved " + moved + ")");
    }

    @Test
    void everyExampleIsFittedEveryEpochWhenMinibatchesDoNotDivideIntoRounds() {
        CapsNetConfig arch = TinyCapsNets.tiny(2, true);
        ComputationGraph graph = CapsNetGraph.create(arch, new Sgd(0.1), 11, DataType.FLOAT);
        List<MultiDataSet> batches = TinyNets.minibatches(arch, 7, 3, 3, DataType.FLOAT);
        TrainingConfig config = TrainingConfig.builder().batchSize(3).maxShift(1).seed(5).build();
        SparkTrainerConfig spark = SparkTrainerConfig.builder().workers(2).averagingFrequency(3).build();
        SparkEpochFitter fitter = new SparkEpochFitter(sc, arch, config, spark, sc.parallelize(new ArrayList<>(batches), 3));
        assertEquals(6, SparkEpochFitter.groupsPerPartition(7, 2, 3));
        EpochStats stats = fitter.fit(graph, 0, ProgressBar.silent());
        assertEquals(21, stats.examples());
        assertEquals(2, fitter.lastTimes().rounds());
    }
}
