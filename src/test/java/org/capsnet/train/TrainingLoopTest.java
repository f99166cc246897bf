package org.capsnet.train;

import org.capsnet.io.StoragePath;
import org.capsnet.model.CapsNetConfig;
import org.capsnet.model.CapsNetGraph;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;

import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TrainingLoopTest {

    @Test
    void nanLossStopsTrainingAndKeepsTheLastGoodCheckpoint(@TempDir Path dir) {
        CapsNetConfig arch = SmallModels.smallMnist();
        TrainingConfig config = TrainingConfig.builder().epochs(3).build();
        ComputationGraph graph = CapsNetGraph.create(arch, Optimizers.adam(config), 1, DataType.FLOAT);
        EpochFitter divergesInSecondEpoch = (g, epoch, progress) ->
                EpochStats.local(epoch == 0 ? 0.5 : Double.NaN, 10, 0.1);
        Checkpoints checkpoints = new Checkpoints(dir);
        TrainingLoop loop = new TrainingLoop(arch, config, divergesInSecondEpoch, 10, null, checkpoints, null,
                ProgressBar.silent());
        ModelProvenance provenance = ModelProvenance.of(arch, config, "test", Map.of(), "local");

        TrainingDivergedException e = assertThrows(TrainingDivergedException.class,
                () -> loop.run(graph, provenance, 0));
        assertTrue(e.getMessage().contains("NaN") && e.getMessage().contains("epoch 2"), e.getMessage());
        StoragePath latest = checkpoints.latest().orElseThrow();
        assertEquals("checkpoint-epoch-0001.zip", latest.fileName());
        assertEquals(1, ModelFiles.load(latest, true).provenance().epochsCompleted());
    }

    @Test
    void learningRateDecaysByTheFactorEveryEpoch() {
        CapsNetConfig arch = SmallModels.smallMnist();
        TrainingConfig config = TrainingConfig.builder().epochs(3).learningRate(0.01).learningRateDecay(0.5).build();
        ComputationGraph graph = CapsNetGraph.create(arch, Optimizers.adam(config), 1, DataType.FLOAT);
        EpochFitter noop = (g, epoch, progress) -> EpochStats.local(1.0, 1, 0.1);
        var result = new TrainingLoop(arch, config, noop, 1, null, null, null, ProgressBar.silent())
                .run(graph, ModelProvenance.of(arch, config, "t", Map.of(), "local"), 0);
        assertEquals(0.01, (double) result.epochs().get(0).get("learning_rate"), 1e-12);
        assertEquals(0.0025, (double) result.epochs().get(2).get("learning_rate"), 1e-12);
        var adam = (org.nd4j.linalg.learning.config.Adam) Optimizers.adam(config);
        assertEquals(0.0025, adam.getLearningRate(0, 2), 1e-12);
    }
}
