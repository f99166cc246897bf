package org.capsnet.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.capsnet.InvalidInputException;
import org.capsnet.data.TestData;
import org.capsnet.model.CapsNetConfig;
import org.capsnet.model.NetworkArchitecture;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingJobTest {

    private static TrainingLoop.Result train(Path data, Path out, int epochs, boolean resume, int examples) {
        return train(data, out, epochs, resume, 0.002);
    }

    private static TrainingLoop.Result train(Path data, Path out, int epochs, boolean resume, double lr) {
        TrainingConfig config = TrainingConfig.builder()
                .epochs(epochs)
                .batchSize(25)
                .learningRate(lr)
                .seed(7)
                .build();
        TrainingJob.Paths paths = new TrainingJob.Paths(
                data, out.resolve("model.zip"), out.resolve("ckpt"), out.resolve("metrics.jsonl"), resume);
        return new TrainingJob(SmallModels.smallMnist(), config, paths, "local")
                .run(
                        (a, source, train, test) -> new LocalEpochFitter(a, config, source, train, test),
                        ProgressBar.silent());
    }

    @Test
    void lossFallsAndTestAccuracyRisesWellAboveChance(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("data");
        TestData.mnistSubset(data, 500, 200);
        TrainingLoop.Result result = train(data, dir.resolve("run"), 3, false, 500);

        List<EpochRecord> epochs = result.epochs();
        assertEquals(3, epochs.size());
        double firstLoss = epochs.get(0).trainLoss();
        double lastLoss = epochs.get(2).trainLoss();
        assertTrue(lastLoss < 0.7 * firstLoss, "loss should fall: " + firstLoss + " -> " + lastLoss);
        double accuracy = result.provenance().lastTestAccuracy();
        assertTrue(accuracy > 0.5, "10 classes: chance is 0.1, got " + accuracy);
        assertEquals(
                3,
                Files.readAllLines(dir.resolve("run/metrics.jsonl")).stream()
                        .filter(l -> !l.contains("\"round\""))
                        .count());

        ModelFiles.SavedModel saved = ModelFiles.load(dir.resolve("run/model.zip"), false);
        assertEquals(3, saved.provenance().epochsCompleted());
        assertEquals(
                SmallModels.smallMnist().conv1Channels(),
                ((CapsNetConfig) saved.provenance().architecture()).conv1Channels());
        assertTrue(saved.provenance().dataSha256().containsKey("train-images-idx3-ubyte.gz"));
    }

    @Test
    void resumedRunEndsWithTheParametersOfAnUninterruptedOne(@TempDir Path dir) {
        Path data = dir.resolve("data");
        TestData.mnistSubset(data, 100, 50);
        train(data, dir.resolve("straight"), 2, false, 100);
        train(data, dir.resolve("interrupted"), 1, false, 100);
        TrainingLoop.Result resumed = train(data, dir.resolve("interrupted"), 2, true, 100);

        assertEquals(1, resumed.epochs().size(), "only the second epoch runs after resuming");
        ComputationGraph a =
                ModelFiles.load(dir.resolve("straight/model.zip"), true).graph();
        ComputationGraph b =
                ModelFiles.load(dir.resolve("interrupted/model.zip"), true).graph();
        double maxDiff = a.params().sub(b.params()).amaxNumber().doubleValue();
        assertTrue(maxDiff < 1e-4, "parameters differ by " + maxDiff);
        double updaterDiff = a.getUpdater()
                .getStateViewArray()
                .sub(b.getUpdater().getStateViewArray())
                .amaxNumber()
                .doubleValue();
        assertTrue(updaterDiff < 1e-4, "Adam state differs by " + updaterDiff);
    }

    @Test
    void checkpointDirectoryKeepsOnlyCompleteNewestCheckpoints(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("data");
        TestData.mnistSubset(data, 50, 20);
        train(data, dir.resolve("run"), 3, false, 50);
        try (var files = Files.list(dir.resolve("run/ckpt"))) {
            List<String> names =
                    files.map(p -> p.getFileName().toString()).sorted().toList();
            assertEquals(List.of("checkpoint-epoch-0002.zip", "checkpoint-epoch-0003.zip"), names);
        }
        NetworkArchitecture arch = ModelFiles.load(dir.resolve("run/ckpt/checkpoint-epoch-0003.zip"), true)
                .provenance()
                .architecture();
        assertEquals(28, arch.inputSize());
    }

    @Test
    void aResumeWithOtherTrainingSettingsIsRefusedInOneLine(@TempDir Path dir) {
        Path data = dir.resolve("data");
        TestData.mnistSubset(data, 50, 20);
        train(data, dir.resolve("run"), 1, false, 0.002);
        InvalidInputException e =
                assertThrows(InvalidInputException.class, () -> train(data, dir.resolve("run"), 2, true, 0.01));
        assertTrue(
                e.getMessage().startsWith("resume: ")
                        && e.getMessage().contains("lr=0.002")
                        && e.getMessage().contains("lr=0.01")
                        && !e.getMessage().contains("\n"),
                e.getMessage());
    }

    @Test
    void aTruncatedNewestCheckpointFallsBackToTheOlderOne(@TempDir Path dir) throws Exception {
        Path data = dir.resolve("data");
        TestData.mnistSubset(data, 50, 20);
        train(data, dir.resolve("run"), 2, false, 100);
        Path newest = dir.resolve("run/ckpt/checkpoint-epoch-0002.zip");
        byte[] bytes = Files.readAllBytes(newest);
        Files.write(newest, java.util.Arrays.copyOf(bytes, bytes.length / 2));

        TrainingLoop.Result resumed = train(data, dir.resolve("run"), 3, true, 100);
        assertEquals(2, resumed.epochs().size(), "epochs 2 and 3 run again from checkpoint-epoch-0001");
        assertEquals(3, resumed.provenance().epochsCompleted());
    }
}
