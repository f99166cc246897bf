package org.capsnet.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.capsnet.data.DataSource;
import org.capsnet.data.ExampleSet;
import org.capsnet.data.Split;
import org.capsnet.io.StoragePath;
import org.capsnet.model.CapsNetConfig;
import org.capsnet.model.CapsNetGraph;
import org.capsnet.model.TinyCapsNets;
import org.capsnet.train.EpochFitter;
import org.capsnet.train.LocalEpochFitter;
import org.capsnet.train.Optimizers;
import org.capsnet.train.RoundStats;
import org.capsnet.train.TrainingConfig;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.learning.config.Sgd;

/**
 * The distributed optimiser is the single-machine one: workers continue the global Adam step and the epoch's
 * learning rate, and with one worker averaging every minibatch they take exactly the single-machine steps.
 */
class ParameterAveragingEquivalenceTest extends SharedSparkContext {
    @TempDir
    Path tmp;

    private static void train(EpochFitter fitter, ComputationGraph graph, int epochs) {
        for (int epoch = 0; epoch < epochs; epoch++) {
            graph.getConfiguration().setEpochCount(epoch);
            for (int round = 0; round < fitter.rounds(epoch); round++) {
                fitter.fitRound(graph, epoch, round);
            }
        }
    }

    private SparkEpochFitter spark(
            CapsNetConfig arch, TrainingConfig config, int workers, int frequency, ExampleSet train) {
        SparkTrainerConfig s = SparkTrainerConfig.builder()
                .workers(workers)
                .averagingFrequency(frequency)
                .build();
        return new SparkEpochFitter(sc, arch, config, s, workers, DataSource.of(StoragePath.local(tmp)), train, null);
    }

    private static double relativeDifference(ComputationGraph a, ComputationGraph b, ComputationGraph initial) {
        double moved = a.params().sub(initial.params()).norm2Number().doubleValue();
        assertTrue(moved > 1e-4, "training moved the parameters by " + moved);
        return a.params().sub(b.params()).norm2Number().doubleValue() / moved;
    }

    @Test
    void oneWorkerAveragingEveryMinibatchTakesTheSingleMachineStepsWithAdamAndDecay() {
        CapsNetConfig arch = TinyCapsNets.tiny(2, true);
        ExampleSet train = TinyNets.examples(tmp, Split.TRAIN, arch, 20, 3);
        TrainingConfig config = TrainingConfig.builder()
                .epochs(2)
                .batchSize(4)
                .learningRate(0.01)
                .learningRateDecay(0.5)
                .maxShift(1)
                .seed(9)
                .build();
        IUpdater adam = Optimizers.adam(config);
        ComputationGraph initial = CapsNetGraph.create(arch, adam, 11, DataType.FLOAT);
        ComputationGraph local = CapsNetGraph.create(arch, adam, 11, DataType.FLOAT);
        ComputationGraph distributed = CapsNetGraph.create(arch, adam, 11, DataType.FLOAT);

        train(new LocalEpochFitter(arch, config, DataSource.of(StoragePath.local(tmp)), train, null), local, 2);
        train(spark(arch, config, 1, 1, train), distributed, 2);

        assertEquals(10, distributed.getConfiguration().getIterationCount(), "2 epochs of 5 minibatches");
        double difference = relativeDifference(local, distributed, initial);
        assertTrue(difference < 1e-5, "Spark and single-machine parameters differ by " + difference + " (relative)");
        double adamDifference = local.getUpdater()
                .getStateViewArray()
                .sub(distributed.getUpdater().getStateViewArray())
                .amaxNumber()
                .doubleValue();
        assertTrue(adamDifference < 1e-6, "Adam state differs by " + adamDifference);
    }

    @Test
    void twoWorkersApplyTheGlobalAdamStepAndTheEpochsLearningRateInEveryRound() {
        CapsNetConfig arch = TinyCapsNets.tiny(2, true);
        ExampleSet train = TinyNets.examples(tmp, Split.TRAIN, arch, 27, 4);
        TrainingConfig config = TrainingConfig.builder()
                .epochs(2)
                .batchSize(3)
                .learningRate(0.01)
                .learningRateDecay(0.5)
                .maxShift(1)
                .seed(9)
                .build();
        ComputationGraph graph = CapsNetGraph.create(arch, Optimizers.adam(config), 11, DataType.FLOAT);
        SparkEpochFitter fitter = spark(arch, config, 2, 2, train);

        long step = 0;
        for (int epoch = 0; epoch < 2; epoch++) {
            graph.getConfiguration().setEpochCount(epoch);
            assertEquals(3, fitter.rounds(epoch), "9 minibatches, 4 per round");
            for (int round = 0; round < 3; round++) {
                RoundStats r = fitter.fitRound(graph, epoch, round);
                int steps = round < 2 ? 2 : 1;
                assertEquals(steps, r.steps());
                step += steps;
                assertEquals(step, r.adamStep(), "Adam step the workers applied, epoch " + epoch + " round " + round);
                assertEquals(
                        0.01 * Math.pow(0.5, epoch),
                        r.learningRate(),
                        1e-12,
                        "learning rate the workers applied, epoch " + epoch + " round " + round);
                assertEquals(round < 2 ? 2 : 1, r.workers());
            }
        }
        assertEquals(10, graph.getConfiguration().getIterationCount());
    }

    /**
     * With plain SGD and averaging after every step, W workers on minibatches of b make the same update as one
     * worker on the minibatch of W*b that holds the same examples: DL4J divides gradients by the minibatch size.
     */
    @Test
    void twoWorkersWithSgdMatchOneMachineOnTheCombinedMinibatch() {
        CapsNetConfig arch = TinyCapsNets.tiny(2, true);
        ExampleSet train = TinyNets.examples(tmp, Split.TRAIN, arch, 16, 5);
        TrainingConfig workerConfig =
                TrainingConfig.builder().batchSize(4).maxShift(0).seed(5).build();
        TrainingConfig combinedConfig =
                TrainingConfig.builder().batchSize(8).maxShift(0).seed(5).build();
        ComputationGraph initial = CapsNetGraph.create(arch, new Sgd(1.0), 11, DataType.DOUBLE);
        ComputationGraph distributed = CapsNetGraph.create(arch, new Sgd(1.0), 11, DataType.DOUBLE);
        ComputationGraph single = CapsNetGraph.create(arch, new Sgd(1.0), 11, DataType.DOUBLE);

        train(spark(arch, workerConfig, 2, 1, train), distributed, 2);
        train(
                new LocalEpochFitter(arch, combinedConfig, DataSource.of(StoragePath.local(tmp)), train, null),
                single,
                2);

        double difference = relativeDifference(single, distributed, initial);
        assertTrue(difference < 1e-9, "distributed and combined-minibatch parameters differ by " + difference);
    }

    @Test
    void everyExampleIsFittedEveryEpochWhenMinibatchesDoNotFillTheLastRound() {
        CapsNetConfig arch = TinyCapsNets.tiny(2, true);
        ExampleSet train = TinyNets.examples(tmp, Split.TRAIN, arch, 20, 6);
        TrainingConfig config =
                TrainingConfig.builder().batchSize(3).maxShift(1).seed(5).build();
        ComputationGraph graph = CapsNetGraph.create(arch, new Sgd(0.1), 11, DataType.FLOAT);
        SparkEpochFitter fitter = spark(arch, config, 2, 3, train);

        assertEquals(2, fitter.rounds(0), "7 minibatches (the last of 2), 6 per round");
        long examples = fitter.fitRound(graph, 0, 0).examples()
                + fitter.fitRound(graph, 0, 1).examples();
        assertEquals(20, examples);
    }
}
