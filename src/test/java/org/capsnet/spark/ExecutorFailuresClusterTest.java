package org.capsnet.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.capsnet.data.TestData;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Failures on the executors of a standalone cluster on loopback (two 1-core workers, {@link LocalCluster}), with the
 * driver submitted by spark-submit-standalone.sh: an executor killed (SIGKILL) while it fits a round is replaced by
 * the worker, Spark re-runs its task and the epoch ends with the planned rounds and examples; a training file whose
 * payload is truncated behind an intact header, which only the executors read, ends the run with exit 2 and one
 * line naming the file.
 */
@Tag("integration")
class ExecutorFailuresClusterTest {
    @RegisterExtension
    static final LocalClusterExtension CLUSTER = new LocalClusterExtension(2);

    @TempDir
    static Path tmp;

    @Test
    void anExecutorKilledDuringARoundIsReplacedAndTheEpochEndsWithThePlannedRounds() throws Exception {
        Path data = tmp.resolve("data");
        TestData.mnistSubset(data, 200, 20);
        Path metrics = tmp.resolve("kill-metrics.jsonl");
        Set<Path> before = LocalCluster.applications();
        // 8 minibatches of 25, 2 workers x 1 per round: 4 rounds.
        Process driver = CLUSTER.get()
                .submitStarted(
                        "kill",
                        "train",
                        "--master",
                        CLUSTER.get().master(),
                        "--data",
                        data.toString(),
                        "--epochs",
                        "1",
                        "--batch-size",
                        "25",
                        "--workers",
                        "2",
                        "--averaging-frequency",
                        "1",
                        "--no-reconstruction",
                        "--test-examples",
                        "20",
                        "--model-out",
                        tmp.resolve("kill.zip").toString(),
                        "--metrics-out",
                        metrics.toString());
        String killed;
        try {
            awaitLine(driver, metrics, "\"round\":1,");
            Path app = newApplication(before);
            killed = killAnExecutorInATask(driver, app.getFileName().toString());
            assertTrue(driver.waitFor(170, TimeUnit.SECONDS), "the driver did not finish");
        } finally {
            driver.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
        String out = Files.readString(CLUSTER.get().stdout("kill"), StandardCharsets.UTF_8);
        String err = Files.readString(CLUSTER.get().stderr("kill"), StandardCharsets.UTF_8);
        assertEquals(0, driver.exitValue(), err);
        assertTrue(out.contains("trained 1 epochs"), out);
        assertTrue(err.contains("Lost executor " + killed), "the driver saw executor " + killed + " go: " + err);
        // The driver logs the lost task at WARN when it counts the loss against the task, at INFO only when it judges
        // the exit unrelated to the task (seen once in CI under load: only "Lost executor" in the driver's log, while
        // the other executor's log showed "Running task 1.1 in stage 1.0"); the executors' logs show the re-run.
        boolean lostTaskLogged = Pattern.compile("Lost task .*executor " + killed + "\\): ExecutorLostFailure")
                .matcher(err)
                .find();
        assertTrue(
                lostTaskLogged || aTaskRanASecondAttempt(newApplication(before)),
                "a task of executor " + killed + " failed with it and was re-run: " + err);

        List<String> lines = Files.readAllLines(metrics);
        String epoch = lines.get(lines.size() - 1);
        assertEquals(4, number(epoch, "rounds"), epoch);
        assertEquals(200, number(epoch, "examples"), epoch);
        List<String> rounds = lines.subList(0, lines.size() - 1);
        assertEquals(
                List.of(1.0, 2.0, 3.0, 4.0),
                rounds.stream().map(l -> number(l, "round")).toList(),
                "one record per round, none repeated: " + lines);
        assertEquals(
                200, rounds.stream().mapToDouble(l -> number(l, "examples")).sum(), 0, lines.toString());
        try (Stream<Path> executors = Files.list(newApplication(before))) {
            assertTrue(executors.count() >= 3, "the worker started an executor in place of the killed one");
        }
    }

    @Test
    void truncatedTrainingImagesOnTheExecutorsAreExit2WithOneLineNamingTheFile() throws Exception {
        Path data = tmp.resolve("cut");
        TestData.mnistSubset(data, 60, 10);
        Path images = TestData.truncateTrainImages(data, 30);
        LocalCluster cluster = CLUSTER.get();
        SubmitScripts.Result r = cluster.submit(
                "truncated",
                170,
                "train",
                "--master",
                cluster.master(),
                "--data",
                data.toString(),
                "--epochs",
                "1",
                "--batch-size",
                "20",
                "--workers",
                "2",
                "--no-reconstruction",
                "--model-out",
                tmp.resolve("never.zip").toString());
        assertEquals(2, r.code(), r.err());
        // The command's own error is one line; Spark's WARN of each failed attempt (Lost task ... with the
        // executor's stack trace) names the file too.
        List<String> errors =
                r.err().lines().filter(l -> l.startsWith("capsnet:")).toList();
        assertEquals(1, errors.size(), r.err());
        assertTrue(errors.get(0).startsWith("capsnet: " + images + ": truncated"), r.err());
        assertTrue(Files.notExists(tmp.resolve("never.zip")));
    }

    /** Waits until {@code file} holds a line containing {@code text}, while the driver runs. */
    private static void awaitLine(Process driver, Path file, String text) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(150);
        while (driver.isAlive() && System.nanoTime() < deadline) {
            if (Files.exists(file) && Files.readString(file).replace(" ", "").contains(text)) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no " + text + " in " + file + "; driver: "
                + Files.readString(CLUSTER.get().stderr("kill"), StandardCharsets.UTF_8));
    }

    private static Path newApplication(Set<Path> before) throws IOException {
        Set<Path> now = new HashSet<>(LocalCluster.applications());
        now.removeAll(before);
        assertEquals(1, now.size(), "one new application in " + LocalCluster.WORK + ": " + now);
        return now.iterator().next();
    }

    /**
     * Kills (SIGKILL) an executor of {@code appId} while it runs a task (its log has more "Running task" than
     * "Finished task" lines) and returns its executor id.
     */
    private static String killAnExecutorInATask(Process driver, String appId) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (driver.isAlive() && System.nanoTime() < deadline) {
            for (ProcessHandle executor : LocalCluster.executors(appId)) {
                String id = LocalCluster.executorId(executor);
                Path log = LocalCluster.WORK.resolve(appId).resolve(id).resolve("stderr");
                String text = Files.exists(log) ? Files.readString(log, StandardCharsets.ISO_8859_1) : "";
                if (count(text, "Running task ") > count(text, "Finished task ")) {
                    executor.destroyForcibly();
                    Optional<ProcessHandle> gone = executor.onExit()
                            .completeOnTimeout(null, 30, TimeUnit.SECONDS)
                            .thenApply(Optional::ofNullable)
                            .get();
                    assertTrue(gone.isPresent() && !executor.isAlive(), "executor " + id + " did not die");
                    return id;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no executor of " + appId + " was seen running a task");
    }

    /** True when an executor log of the application shows a task attempt other than the first ("task 1.1 ..."). */
    private static boolean aTaskRanASecondAttempt(Path app) throws IOException {
        Pattern retry = Pattern.compile("Running task \\d+\\.[1-9]\\d* in stage");
        try (Stream<Path> executors = Files.list(app)) {
            for (Path executor : executors.toList()) {
                Path log = executor.resolve("stderr");
                if (Files.exists(log)
                        && retry.matcher(Files.readString(log, StandardCharsets.ISO_8859_1))
                                .find()) {
                    return true;
                }
            }
        }
        return false;
    }

    private static int count(String text, String what) {
        int n = 0;
        for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }

    private static double number(String jsonLine, String key) {
        Matcher m = Pattern.compile("\"" + key + "\"\\s*:\\s*([0-9.eE+-]+)").matcher(jsonLine);
        assertTrue(m.find(), key + " in " + jsonLine);
        return Double.parseDouble(m.group(1));
    }
}
