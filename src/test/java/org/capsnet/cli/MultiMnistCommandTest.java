package org.capsnet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.capsnet.data.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** train --architecture baseline-cnn and evaluate --json on MultiMNIST; bad experiment options. */
class MultiMnistCommandTest {
    @TempDir
    Path dir;

    @Test
    void baselineTrainsOnMultiMnistAndEvaluatePrintsBothAccuracies() {
        Path data = TestData.multiMnist(dir.resolve("multi"), 40, 20, 2);
        Path model = dir.resolve("baseline.zip");
        TrainEvaluateCommandTest.Outcome train = TrainEvaluateCommandTest.run(
                "train",
                "--architecture",
                "baseline-cnn",
                "--master",
                "none",
                "--data",
                data.toString(),
                "--epochs",
                "1",
                "--batch-size",
                "40",
                "--model-out",
                model.toString());
        assertEquals(0, train.code(), train.err());

        TrainEvaluateCommandTest.Outcome eval = TrainEvaluateCommandTest.run(
                "evaluate", "--model", model.toString(), "--data", data.toString(), "--json");
        assertEquals(0, eval.code(), eval.err());
        String json = eval.lastLine(eval.out());
        assertTrue(json.contains("\"two_digit_accuracy\""), json);
        assertTrue(json.contains("\"at_least_one_accuracy\""), json);
        assertTrue(json.contains("\"examples\":40"), json);
    }

    @Test
    void unknownArchitectureIsBadInput() {
        TrainEvaluateCommandTest.Outcome r = TrainEvaluateCommandTest.run(
                "train", "--architecture", "resnet", "--master", "none", "--data", dir.toString());
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--architecture"), r.err());
    }

    @Test
    void experimentRefusesAnExistingResultsFolderWithoutResume() throws Exception {
        Path out = dir.resolve("out");
        java.nio.file.Files.createDirectories(out);
        java.nio.file.Files.writeString(out.resolve("experiment.json"), "{}");
        TrainEvaluateCommandTest.Outcome r = TrainEvaluateCommandTest.run(
                "experiment",
                "multimnist",
                "--source",
                TestData.mnistSample().toString(),
                "--out",
                out.toString(),
                "--master",
                "none");
        assertEquals(2, r.code());
        assertTrue(r.err().contains("--resume"), r.err());
    }
}
