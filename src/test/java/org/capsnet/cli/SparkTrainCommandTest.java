package org.capsnet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.capsnet.data.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** `train --master local[2]` end to end: SparkOptions starts Spark, trains with 2 workers, stops it. */
class SparkTrainCommandTest {
    @TempDir
    Path dir;

    private static int run(ByteArrayOutputStream out, ByteArrayOutputStream err, String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            return CapsNetMain.run(args);
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @Test
    void trainOnLocalSparkWritesModelAndMetricsWithTheTimeSplit() throws Exception {
        Path data = dir.resolve("mnist");
        Files.createDirectories(data);
        TestData.mnistSubset(data, 120, 40);
        Path model = dir.resolve("model.zip");
        Path metrics = dir.resolve("m.jsonl");
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = run(
                out,
                err,
                "train",
                "--master",
                "local[2]",
                "--workers",
                "2",
                "--averaging-frequency",
                "2",
                "--data",
                data.toString(),
                "--epochs",
                "1",
                "--batch-size",
                "20",
                "--no-reconstruction",
                "--model-out",
                model.toString(),
                "--metrics-out",
                metrics.toString());
        assertEquals(0, code, err.toString(StandardCharsets.UTF_8));
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("trained 1 epochs"));
        assertTrue(Files.size(model) > 0);
        List<String> records = Files.readAllLines(metrics);
        String line = records.get(records.size() - 1).replace(" ", ""); // the epoch record follows the round records
        assertTrue(
                line.contains("\"examples\":120")
                        && line.contains("\"aggregate_seconds\"")
                        && line.contains("\"test_accuracy\""),
                line);
    }

    @Test
    void truncatedTrainingImagesFoundOnTheExecutorsAreExit2WithOneLineNamingTheFile() {
        Path data = dir.resolve("cut");
        TestData.mnistSubset(data, 60, 10);
        Path images = TestData.truncateTrainImages(data, 30); // the header still says 60: only executors see it
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = run(
                out,
                err,
                "train",
                "--master",
                "local[2]",
                "--workers",
                "2",
                "--data",
                data.toString(),
                "--epochs",
                "1",
                "--batch-size",
                "20",
                "--no-reconstruction",
                "--model-out",
                dir.resolve("never.zip").toString());
        String stderr = err.toString(StandardCharsets.UTF_8);
        assertEquals(2, code, stderr);
        // The command's own error: one line. (Spark's log of the failed task, ERROR Executor and WARN TaskSetManager
        // with stack traces, also names the file on stderr when log4j writes to this stream.)
        List<String> errors =
                stderr.lines().filter(l -> l.startsWith("capsnet:")).toList();
        assertEquals(1, errors.size(), stderr);
        assertTrue(errors.get(0).startsWith("capsnet: " + images + ": truncated"), stderr);
        assertTrue(Files.notExists(dir.resolve("never.zip")));
    }

    @Test
    void badAveragingFrequencyIsBadInput() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = run(
                new ByteArrayOutputStream(),
                err,
                "train",
                "--master",
                "local[2]",
                "--data",
                dir.toString(),
                "--averaging-frequency",
                "0");
        assertEquals(2, code);
        assertTrue(
                err.toString(StandardCharsets.UTF_8).contains("--averaging-frequency"),
                err.toString(StandardCharsets.UTF_8));
    }
}
