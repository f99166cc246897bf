package org.capsnet.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.capsnet.data.DataSource;
import org.capsnet.data.ExampleSet;
import org.capsnet.data.Split;
import org.capsnet.io.StoragePath;
import org.capsnet.model.CapsNetConfig;
import org.capsnet.model.CapsNetGraph;
import org.capsnet.model.TinyCapsNets;
import org.capsnet.train.RoundStats;
import org.capsnet.train.TrainingConfig;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Sgd;

/** local[2,2]: a task may fail once. A failed training task is re-run from the same broadcast, so nothing changes. */
@SparkMaster("local[2,2]")
class TaskRetryTest extends SharedSparkContext {
    @TempDir
    Path tmp;

    private double[] epoch(SparkEpochFitter fitter, ComputationGraph graph) {
        double loss = 0;
        long examples = 0;
        for (int round = 0; round < fitter.rounds(0); round++) {
            RoundStats r = fitter.fitRound(graph, 0, round);
            loss += r.lossSum();
            examples += r.examples();
        }
        return new double[] {loss, examples};
    }

    @Test
    void failedTrainingTasksAreRetriedAndTheEpochEndsWithTheSameRoundsAndParameters() {
        CapsNetConfig arch = TinyCapsNets.tiny(2, true);
        ExampleSet train = TinyNets.examples(tmp, Split.TRAIN, arch, 24, 21);
        TrainingConfig config =
                TrainingConfig.builder().batchSize(3).maxShift(1).seed(8).build();
        SparkTrainerConfig spark =
                SparkTrainerConfig.builder().workers(2).averagingFrequency(2).build();
        DataSource data = DataSource.of(StoragePath.local(tmp));

        ComputationGraph clean = CapsNetGraph.create(arch, new Sgd(0.5), 4, DataType.DOUBLE);
        SparkEpochFitter cleanFitter = new SparkEpochFitter(sc, arch, config, spark, 2, data, train, null);
        double[] cleanStats = epoch(cleanFitter, clean);

        ComputationGraph retried = CapsNetGraph.create(arch, new Sgd(0.5), 4, DataType.DOUBLE);
        SparkEpochFitter failing =
                new SparkEpochFitter(sc, arch, config, spark, 2, data, train, null).withHook(new FailFirstAttempt(0));
        FailFirstAttempt.FAILURES.set(0);
        double[] retriedStats = epoch(failing, retried);

        assertEquals(2, cleanFitter.rounds(0), "8 minibatches / (2 workers x 2 per round)");
        assertEquals(2, FailFirstAttempt.FAILURES.get(), "one injected failure per round");
        assertEquals(24, cleanStats[1]);
        assertEquals(cleanStats[1], retriedStats[1], "failed attempts must not count");
        assertEquals(cleanStats[0], retriedStats[0], 1e-12);
        assertEquals(0, clean.params().sub(retried.params()).norm2Number().doubleValue(), 1e-12);
    }
}
