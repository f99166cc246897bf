package org.capsnet.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.capsnet.cli.CapsNetMain;
import org.capsnet.data.TestData;
import org.capsnet.train.ModelFiles;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * A Spark training driver killed (SIGKILL) after its first checkpoint: every checkpoint left behind is a complete
 * model, and {@code train --resume} finishes the remaining epochs from the newest one. Killed inside an epoch (after
 * a round checkpoint), the resumed run continues that epoch from the checkpoint's round with the same data order and
 * ends with the parameters of an uninterrupted run.
 */
@Tag("integration")
class DriverKillResumeTest {
    @TempDir
    Path tmp;

    @Test
    void killedDriverResumesFromItsLastCompleteCheckpoint() throws Exception {
        Path data = tmp.resolve("data");
        TestData.mnistSubset(data, 200, 50);
        Path checkpoints = tmp.resolve("ckpt");
        Path model = tmp.resolve("model.zip");
        List<String> train = List.of(
                "train",
                "--master",
                "local[2]",
                "--data",
                data.toString(),
                "--epochs",
                "3",
                "--batch-size",
                "25",
                "--averaging-frequency",
                "2",
                "--checkpoint-dir",
                checkpoints.toString(),
                "--model-out",
                model.toString());

        Process driver = startDriver(train, tmp.resolve("driver.log"));
        try {
            Path first = checkpoints.resolve("checkpoint-epoch-0001.zip");
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
            while (!Files.exists(first) && driver.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertTrue(
                    Files.exists(first),
                    "no first checkpoint; driver log: " + Files.readString(tmp.resolve("driver.log")));
        } finally {
            driver.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        assertTrue(Files.notExists(model), "the driver was killed before it finished");
        try (Stream<Path> files = Files.list(checkpoints)) {
            for (Path p : files.filter(f -> f.getFileName().toString().startsWith("checkpoint-"))
                    .toList()) {
                ModelFiles.load(p, true); // a half-written zip under a final name would fail here
            }
        }

        List<String> resume = new ArrayList<>(train);
        resume.add("--resume");
        assertEquals(0, CapsNetMain.run(resume.toArray(String[]::new)));
        assertEquals(3, ModelFiles.load(model, false).provenance().epochsCompleted());
    }

    @Test
    void driverKilledMidEpochResumesToTheParametersOfAnUninterruptedRun() throws Exception {
        Path data = tmp.resolve("data");
        TestData.mnistSubset(data, 200, 20);
        // 10 minibatches of 20, 2 workers x 2 per round: 3 rounds (4, 4, 2 minibatches), a checkpoint after 1 and 2.
        List<String> common = List.of(
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
                "--averaging-frequency",
                "2",
                "--checkpoint-rounds",
                "1",
                "--seed",
                "7",
                "--test-examples",
                "20");
        Path checkpoints = tmp.resolve("ckpt");
        Path model = tmp.resolve("model.zip");
        Path metrics = tmp.resolve("metrics.jsonl");
        List<String> train = new ArrayList<>(common);
        train.addAll(List.of(
                "--checkpoint-dir",
                checkpoints.toString(),
                "--model-out",
                model.toString(),
                "--metrics-out",
                metrics.toString()));

        Process driver = startDriver(train, tmp.resolve("driver.log"));
        Path midEpoch;
        try {
            midEpoch = awaitFile(driver, checkpoints, "checkpoint-epoch-0000-round-", tmp.resolve("driver.log"));
        } finally {
            driver.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        assertTrue(Files.notExists(model), "the driver was killed before it finished");
        assertTrue(Files.notExists(checkpoints.resolve("checkpoint-epoch-0001.zip")), "killed inside the epoch");
        Path latest = newestCheckpoint(checkpoints);
        int resumedFrom = Integer.parseInt(latest.getFileName().toString().replaceAll(".*-round-(\\d+)\\.zip", "$1"));
        assertTrue(resumedFrom >= 1 && resumedFrom < 3, midEpoch + " then " + latest);
        int linesBefore = Files.readAllLines(metrics).size();

        List<String> resume = new ArrayList<>(train);
        resume.add("--resume");
        assertEquals(0, CapsNetMain.run(resume.toArray(String[]::new)));

        Path reference = tmp.resolve("reference.zip");
        Path referenceMetrics = tmp.resolve("reference.jsonl");
        List<String> uninterrupted = new ArrayList<>(common);
        uninterrupted.addAll(List.of(
                "--checkpoint-dir",
                tmp.resolve("ckpt-reference").toString(),
                "--model-out",
                reference.toString(),
                "--metrics-out",
                referenceMetrics.toString()));
        assertEquals(0, CapsNetMain.run(uninterrupted.toArray(String[]::new)));

        // The resumed run went on from the checkpoint's round (no round fitted twice in it) to the whole epoch.
        List<String> resumedLines = Files.readAllLines(metrics);
        String firstResumed = resumedLines.get(linesBefore);
        assertEquals(resumedFrom + 1, number(firstResumed, "round"), firstResumed);
        String epoch = resumedLines.get(resumedLines.size() - 1);
        List<String> referenceLines = Files.readAllLines(referenceMetrics);
        String referenceEpoch = referenceLines.get(referenceLines.size() - 1);
        assertEquals(3, number(epoch, "rounds"), epoch);
        assertEquals(200, number(epoch, "examples"), epoch);
        assertEquals(number(referenceEpoch, "adam_step"), number(epoch, "adam_step"), epoch);
        assertEquals(number(referenceEpoch, "train_loss"), number(epoch, "train_loss"), 1e-5, epoch);
        // Equal parameters score the same; 0.051 lets one of the 20 borderline digits flip on a last-bit difference.
        assertEquals(number(referenceEpoch, "test_accuracy"), number(epoch, "test_accuracy"), 0.051, epoch);

        ModelFiles.SavedModel resumed = ModelFiles.load(model, true);
        ModelFiles.SavedModel straight = ModelFiles.load(reference, true);
        assertEquals(1, resumed.provenance().epochsCompleted());
        assertEquals(
                straight.graph().getConfiguration().getIterationCount(),
                resumed.graph().getConfiguration().getIterationCount());
        assertClose(straight.graph().params(), resumed.graph().params(), "parameters");
        assertClose(
                straight.graph().getUpdater().getStateViewArray(),
                resumed.graph().getUpdater().getStateViewArray(),
                "Adam state");
    }

    /** Element-wise equal up to float summation order: max |a - b| <= 1e-6 (1 + max |a|). */
    private static void assertClose(INDArray expected, INDArray actual, String what) {
        assertArrayEquals(expected.shape(), actual.shape(), what);
        double scale = 1 + expected.amaxNumber().doubleValue();
        double diff = Transforms.abs(expected.sub(actual)).maxNumber().doubleValue();
        assertTrue(
                diff <= 1e-6 * scale, what + ": max |difference| " + diff + " (largest |value| " + (scale - 1) + ")");
    }

    /** The first file in {@code dir} named {@code prefix}..., once it appears (failing with the driver's log). */
    private static Path awaitFile(Process driver, Path dir, String prefix, Path log) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        while (driver.isAlive() && System.nanoTime() < deadline) {
            if (Files.isDirectory(dir)) {
                try (Stream<Path> files = Files.list(dir)) {
                    Optional<Path> found = files.filter(
                                    f -> f.getFileName().toString().startsWith(prefix))
                            .findFirst();
                    if (found.isPresent()) {
                        return found.get();
                    }
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no " + prefix + "* in " + dir + "; driver log: " + Files.readString(log));
    }

    private static Path newestCheckpoint(Path dir) throws Exception {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().matches("checkpoint-.*\\.zip"))
                    .max(java.util.Comparator.comparing(f -> f.getFileName().toString()))
                    .orElseThrow();
        }
    }

    private static double number(String jsonLine, String key) {
        Matcher m = Pattern.compile("\"" + key + "\"\\s*:\\s*([0-9.eE+-]+)").matcher(jsonLine);
        assertTrue(m.find(), key + " in " + jsonLine);
        return Double.parseDouble(m.group(1));
    }

    /** The command line in a new JVM with this JVM's classpath and flags (the Java 17 module flags for Spark). */
    private static Process startDriver(List<String> args, Path log) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String flag : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (flag.startsWith("--add-opens")
                    || flag.startsWith("--add-modules")
                    || flag.startsWith("-Dorg.deeplearning4j")) {
                cmd.add(flag);
            }
        }
        cmd.add("-Xmx3g"); // small data; leaves memory to this JVM (and to whatever else the machine runs)
        String logConfig = System.getProperty("log4j2.configurationFile");
        if (logConfig != null) {
            cmd.add("-Dlog4j2.configurationFile=" + logConfig);
        }
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(CapsNetMain.class.getName());
        cmd.addAll(args);
        return new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
    }
}
