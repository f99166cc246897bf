package org.capsnet.spark;

import org.capsnet.cli.CapsNetMain;
import org.capsnet.data.TestData;
import org.capsnet.train.ModelFiles;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A Spark training driver killed (SIGKILL) after its first checkpoint: every checkpoint left behind is a complete
 * model, and {@code train --resume} finishes the remaining epochs from the newest one.
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
        List<String> train = List.of("train", "--master", "local[2]", "--data", data.toString(), "--epochs", "3",
                "--batch-size", "25", "--averaging-frequency", "2", "--checkpoint-dir", checkpoints.toString(),
                "--model-out", model.toString());

        Process driver = startDriver(train, tmp.resolve("driver.log"));
        try {
            Path first = checkpoints.resolve("checkpoint-epoch-0001.zip");
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
            while (!Files.exists(first) && driver.isAlive() && System.nanoTime() < deadline) {
                Thread.sleep(100);
            }
            assertTrue(Files.exists(first), "no first checkpoint; driver log: " + Files.readString(
                    tmp.resolve("driver.log")));
        } finally {
            driver.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        assertTrue(Files.notExists(model), "the driver was killed before it finished");
        try (Stream<Path> files = Files.list(checkpoints)) {
            for (Path p : files.filter(f -> f.getFileName().toString().startsWith("checkpoint-")).toList()) {
                ModelFiles.load(p, true); // a half-written zip under a final name would fail here
            }
        }

        List<String> resume = new ArrayList<>(train);
        resume.add("--resume");
        assertEquals(0, CapsNetMain.run(resume.toArray(String[]::new)));
        assertEquals(3, ModelFiles.load(model, false).provenance().epochsCompleted());
    }

    /** The command line in a new JVM with this JVM's classpath and flags (the Java 17 module flags for Spark). */
    private static Process startDriver(List<String> args, Path log) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String flag : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (flag.startsWith("--add-opens") || flag.startsWith("-Xmx") || flag.startsWith("-Dorg.deeplearning4j")) {
                cmd.add(flag);
            }
        }
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(CapsNetMain.class.getName());
        cmd.addAll(args);
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }
}
