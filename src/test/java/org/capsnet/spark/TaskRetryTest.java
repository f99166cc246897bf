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
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.learning.config.Sgd;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** local[2,2]: a task may fail once. A failed training task is re-run from the same broadcast, so nothing changes. */
@SparkMaster("local[2,2]")
class TaskRetryTest extends SharedSparkContext {

    @Test
    void failedTrainingTasksAreRetriedAndTheEpochEndsWithTheSameRoundsAndParameters() {
        CapsNetConfig arch = TinyCapsNets.tiny(2, true);
        List<MultiDataSet> batches = TinyNets.minibatches(arch, 8, 3, 21, DataType.DOUBLE);
        TrainingConfig config = TrainingConfig.builder().batchSize(3).maxShift(1).seed(8).build();
        SparkTrainerConfig spark = SparkTrainerConfig.builder().workers(2).averagingFrequency(2).build();

        ComputationGraph clean = CapsNetGraph.create(arch, new Sgd(0.5), 4, DataType.DOUBLE);
        SparkEpochFitter cleanFitter = new SparkEpochFitter(sc, arch, config, spark,
                sc.parallelize(new ArrayList<>(batches), 2));
        EpochStats cleanStats = cleanFitter.fit(clean, 0, ProgressBar.silent());

        ComputationGraph retried = CapsNetGraph.create(arch, new Sgd(0.5), 4, DataType.DOUBLE);
        SparkEpochFitter failing = new SparkEpochFitter(sc, arch, config, spark,
                sc.parallelize(new ArrayList<>(batches), 2)).withHook(new FailFirstAttempt(0));
        FailFirstAttempt.FAILURES.set(0);
        EpochStats retriedStats = failing.fit(retried, 0, ProgressBar.silent());

        assertEquals(2, cleanFitter.lastTimes().rounds(), "8 minibatches / (2 workers x 2 per round)");
        assertTrue(FailFirstAttempt.FAILURES.get() >= 1, "no failure was injected");
        assertEquals(cleanFitter.lastTimes().rounds(), failing.lastTimes().rounds());
        assertEquals(24, cleanStats.examples());
        assertEquals(cleanStats.examples(), retriedStats.examples(), "failed attempts must not count");
        assertEquals(cleanStats.meanLoss(), retriedStats.meanLoss(), 1e-12);
        assertEquals(0, clean.params().sub(retried.params()).norm2Number().doubleValue(), 1e-12);
    }
}
