package org.capsnet.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.apache.hadoop.yarn.server.resourcemanager.rmapp.RMApp;
import org.apache.hadoop.yarn.server.resourcemanager.rmapp.RMAppState;
import org.capsnet.data.TestData;
import org.capsnet.io.MiniHdfs;
import org.capsnet.io.StoragePath;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * submit/spark-submit-yarn.sh end to end, as a user runs it: a MiniDFSCluster and a MiniYARNCluster with two
 * NodeManagers on this host, their client configuration in a HADOOP_CONF_DIR, and the wrapper submitting the shaded
 * jar with SparkSubmit from target/spark-home (no Spark installation; spark-submit uploads target/spark-home/jars
 * and the jar to the application's HDFS staging directory). `train` reads tiny MNIST from hdfs:// and writes the
 * model and metrics there, in client and in cluster deploy mode; the application ends SUCCEEDED and the model
 * evaluates. The client-mode run also loses an executor container (SIGKILL) after its first round and still ends
 * with the planned rounds, and writes its event log to hdfs://, which a History Server then lists. The failures the
 * wrapper names in one line: a missing hdfs:// data directory (exit 2, both modes), an unknown queue (exit 2), an
 * executor killed by the NodeManagers' physical-memory check (exit 1, naming spark.executor.memoryOverhead).
 *
 * <p>Memory (the machine has 24 GB): NodeManagers of 3.5 GB; executors 768 MB heap + 768 MB ND4J off-heap (YARN
 * containers of 2,560 MB), the driver 1 GB + 1 GB, the client-mode application master 512 MB. Time (seven
 * submissions): 4.1 to 5.7 minutes measured on the 2-core build machine while other builds ran (load average 4-14).
 */
@Tag("integration")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class YarnClusterTest {
    @TempDir
    static Path tmp;

    static MiniHdfs hdfs;
    static MiniYarn yarn;
    static String data;
    static String eventLogs;
    static String sparkArchive;
    static String eventLoggedApplication;
    static double clusterStartSeconds;

    @BeforeAll
    static void clusters() throws Exception {
        long start = System.nanoTime();
        hdfs = MiniHdfs.shared();
        yarn = MiniYarn.start(YarnClusterTest.class.getSimpleName(), hdfs, tmp.resolve("hadoop-conf"), 2, 3584);
        clusterStartSeconds = (System.nanoTime() - start) / 1e9;
        data = hdfs.uri("/data/mnist");
        TestData.mnistSubset(StoragePath.of(data), 100, 50);
        sparkArchive = uploadSparkArchive(hdfs.uri("/apps/spark/spark-libs.zip"));
        eventLogs = hdfs.uri("/spark-events");
        hdfs.fileSystem().mkdirs(new org.apache.hadoop.fs.Path(eventLogs));
        report(
                "MiniDFSCluster + MiniYARNCluster (2 NodeManagers) up in %.1f s; Spark's jars in %s after %.1f s",
                clusterStartSeconds, sparkArchive, (System.nanoTime() - start) / 1e9);
    }

    /** target/spark-home/jars as one uncompressed zip (the jars at its root, as spark.yarn.archive wants) at uri. */
    private static String uploadSparkArchive(String uri) throws IOException {
        List<Path> jars;
        try (Stream<Path> files = Files.list(SubmitScripts.ROOT.resolve("target/spark-home/jars"))) {
            jars = files.filter(p -> p.toString().endsWith(".jar")).sorted().toList();
        }
        try (ZipOutputStream zip = new ZipOutputStream(
                new BufferedOutputStream(hdfs.fileSystem().create(new org.apache.hadoop.fs.Path(uri)), 1 << 20))) {
            zip.setLevel(Deflater.NO_COMPRESSION); // jars are compressed already
            for (Path jar : jars) {
                zip.putNextEntry(new ZipEntry(jar.getFileName().toString()));
                Files.copy(jar, zip);
                zip.closeEntry();
            }
        }
        return uri;
    }

    @AfterAll
    static void stop() {
        if (yarn != null) {
            yarn.close();
        }
    }

    private static Map<String, String> env(String deployMode, int executors) {
        return new HashMap<>(Map.of(
                "HADOOP_CONF_DIR",
                yarn.confDir().toString(),
                "SPARK_LOCAL_IP",
                "127.0.0.1",
                "CAPSNET_DEPLOY_MODE",
                deployMode,
                "CAPSNET_NUM_EXECUTORS",
                String.valueOf(executors),
                "CAPSNET_EXECUTOR_CORES",
                "1",
                "CAPSNET_EXECUTOR_MEMORY",
                "768m",
                "CAPSNET_ND4J_OFFHEAP",
                "768m",
                "CAPSNET_DRIVER_MEMORY",
                "1g",
                "CAPSNET_DRIVER_OFFHEAP",
                "1g"));
    }

    /** Runs the wrapper and returns its result with the applications it started (ids). */
    private static Run submit(String name, Map<String, String> env, String... args) throws Exception {
        Set<String> before = new HashSet<>(yarn.applications().keySet());
        SubmitScripts.Result r =
                SubmitScripts.run(tmp.resolve("logs"), name, env, 900, "submit/spark-submit-yarn.sh", args);
        Set<String> started = new HashSet<>(yarn.applications().keySet());
        started.removeAll(before);
        return new Run(r, List.copyOf(started));
    }

    private record Run(SubmitScripts.Result result, List<String> applications) {
        String onlyApplication() {
            assertEquals(1, applications.size(), "one application: " + applications + "\n" + result);
            return applications.get(0);
        }

        String describe() {
            StringBuilder s = new StringBuilder(result.toString());
            for (String app : applications) {
                s.append("\n--- containers of ").append(app).append(yarn.containerLogs(app, 4000));
            }
            return s.toString();
        }
    }

    /**
     * In the spark-submit options of {@link #train}: {@code --conf spark.yarn.archive=} the archive of Spark's jars in
     * HDFS, as a cluster's users would set it, instead of spark-submit zipping and uploading target/spark-home/jars
     * for every application (the NodeManagers then localize it once, as a public resource, for all applications).
     */
    private static final String ARCHIVE = "(spark.yarn.archive)";

    /**
     * spark-submit options (Spark in the application master and the executors bound to loopback, as the driver is
     * through SPARK_LOCAL_IP, then {@code submitOptions}), then a `train` of {@code epochs} on {@code dataDir} writing
     * the model to {@code runDir} and the metrics to {@code metrics}.
     */
    private static String[] train(
            String runDir,
            String metrics,
            String dataDir,
            int workers,
            int batchSize,
            int epochs,
            String... submitOptions) {
        List<String> args = new ArrayList<>(List.of(
                "--conf",
                "spark.yarn.appMasterEnv.SPARK_LOCAL_IP=127.0.0.1",
                "--conf",
                "spark.executorEnv.SPARK_LOCAL_IP=127.0.0.1"));
        for (String option : submitOptions) {
            if (option.equals(ARCHIVE)) {
                args.addAll(List.of("--conf", "spark.yarn.archive=" + sparkArchive));
            } else {
                args.add(option);
            }
        }
        args.addAll(List.of(
                "--",
                "train",
                "--data",
                dataDir,
                "--epochs",
                String.valueOf(epochs),
                "--batch-size",
                String.valueOf(batchSize),
                "--workers",
                String.valueOf(workers),
                "--averaging-frequency",
                "2",
                "--model-out",
                runDir + "/model.zip",
                "--metrics-out",
                metrics));
        return args.toArray(String[]::new);
    }

    private static String[] train(String runDir, String dataDir, int workers, String... submitOptions) {
        return train(runDir, runDir + "/metrics.jsonl", dataDir, workers, 10, 1, submitOptions);
    }

    /**
     * Client mode, two executors, three averaging rounds; once the first round is done the JVM of an executor
     * container that runs a task is killed (SIGKILL): Spark re-runs the task and the application ends SUCCEEDED with
     * the planned rounds. The event log goes to hdfs:// for
     * {@link #theHistoryServerListsTheApplicationFromItsEventLogInHdfs}. (One run for both, to keep the class within
     * its time budget.) This run uploads Spark's jars itself, as without any setup; the others use
     * spark.yarn.archive.
     */
    @Test
    @Order(1)
    void clientModeTrainsOnYarnFromHdfsThroughAnExecutorContainerKilledMidRound() throws Exception {
        String run = hdfs.uri("/runs/client");
        Path metrics = tmp.resolve("client-metrics.jsonl"); // the client-mode driver writes it: readable as it grows
        Set<String> before = new HashSet<>(yarn.applications().keySet());
        SubmitScripts.Started started = SubmitScripts.start(
                tmp.resolve("logs"),
                "client-train",
                env("client", 2),
                "submit/spark-submit-yarn.sh",
                train(
                        run,
                        metrics.toString(),
                        data,
                        2,
                        10,
                        1,
                        "--conf",
                        "spark.eventLog.enabled=true",
                        "--conf",
                        "spark.eventLog.dir=" + eventLogs,
                        "--conf",
                        "spark.executor.processTreeMetrics.enabled=true",
                        "--conf",
                        "spark.eventLog.logStageExecutorMetrics=true"));
        String killed;
        try {
            awaitLine(started, metrics, "\"round\":1,");
            killed = killAnExecutorInATask(started, newApplication(before));
        } catch (Throwable t) {
            started.process().descendants().forEach(ProcessHandle::destroyForcibly);
            throw t;
        }
        SubmitScripts.Result result = started.await(600);
        Set<String> apps = new HashSet<>(yarn.applications().keySet());
        apps.removeAll(before);
        Run trained = new Run(result, List.copyOf(apps));
        assertEquals(0, result.code(), trained::describe);
        String app = trained.onlyApplication();
        RMApp rmApp = yarn.application(app);
        assertEquals(FinalApplicationStatus.SUCCEEDED, rmApp.getFinalApplicationStatus(), trained::describe);
        assertTrue(result.out().contains("trained 1 epochs"), trained::describe);
        assertTrue(result.err().contains(killed), () -> "the driver saw " + killed + " go: " + trained.describe());
        assertTrue(
                Pattern.compile("Lost task .*ExecutorLostFailure")
                        .matcher(result.err())
                        .find(),
                () -> "a task of the killed executor failed with it and was re-run: " + trained.describe());
        List<String> lines = Files.readAllLines(metrics);
        String epoch = lines.get(lines.size() - 1);
        assertTrue(epoch.replace(" ", "").contains("\"examples\":100"), epoch);
        assertTrue(epoch.replace(" ", "").contains("\"rounds\":3"), epoch);
        assertEquals(3, lines.size() - 1, "one record per round, none repeated: " + lines);
        eventLoggedApplication = app;
        reportTimes("client (" + killed + " killed after round 1)", trained, rmApp, epoch);

        String json = SubmitScripts.evaluateJson(run + "/model.zip", data);
        assertTrue(json.replace(" ", "").contains("\"examples\":50"), json);
    }

    @Test
    @Order(2)
    void clusterModeRunsTheDriverInTheApplicationMaster() throws Exception {
        String run = hdfs.uri("/runs/cluster");
        // The driver's container (1 GB heap + 2 GB overhead) and one executor: the two NodeManagers hold no more.
        Run trained = submit("cluster-train", env("cluster", 1), train(run, data, 1, ARCHIVE));
        assertEquals(0, trained.result().code(), trained::describe);
        String app = trained.onlyApplication();
        RMApp rmApp = yarn.application(app);
        assertEquals(FinalApplicationStatus.SUCCEEDED, rmApp.getFinalApplicationStatus(), trained::describe);
        assertTrue(trained.result().err().contains(app + " SUCCEEDED"), trained::describe);
        assertTrue(
                !trained.result().err().contains("__spark_libs__"),
                () -> "Spark's jars come from spark.yarn.archive, not uploaded again: " + trained.describe());
        assertTrue(
                yarn.applicationMasterStdout(app).contains("trained 1 epochs"),
                () -> "the driver printed in the application master's container: " + trained.describe());
        reportTimes("cluster", trained, rmApp, lastLineOf(run + "/metrics.jsonl"));

        String json = SubmitScripts.evaluateJson(run + "/model.zip", data);
        assertTrue(json.replace(" ", "").contains("\"examples\":50"), json);
    }

    @Test
    @Order(3)
    void aMissingHdfsDataDirectoryIsExit2WithTheDriversLineInBothModes() throws Exception {
        String missing = hdfs.uri("/no/such/mnist");
        Run client = submit("client-missing", env("client", 2), train(hdfs.uri("/runs/x"), missing, 2, ARCHIVE));
        assertEquals(2, client.result().code(), client::describe);
        List<String> lines = client.result().errLines("capsnet: ");
        assertEquals(1, lines.size(), client::describe);
        assertTrue(lines.get(0).contains(missing), client::describe);
        assertEquals(List.of(), client.applications(), "bad input is found before YARN is asked for anything");

        Run cluster = submit("cluster-missing", env("cluster", 1), train(hdfs.uri("/runs/y"), missing, 1, ARCHIVE));
        assertEquals(2, cluster.result().code(), cluster::describe);
        String app = cluster.onlyApplication();
        assertEquals(FinalApplicationStatus.FAILED, yarn.application(app).getFinalApplicationStatus());
        assertEquals(1, yarn.application(app).getAppAttempts().size(), "no second attempt");
        List<String> clusterLines = cluster.result().errLines("capsnet: ");
        assertTrue(
                !clusterLines.isEmpty()
                        && clusterLines.get(clusterLines.size() - 1).contains(missing),
                cluster::describe);
        report(
                "bad input: client mode exit 2 after %.1f s; cluster mode exit 2 after %.1f s",
                client.result().seconds(), cluster.result().seconds());
    }

    @Test
    @Order(4)
    void anUnknownQueueIsExit2WithOneLineNamingTheQueueOption() throws Exception {
        Run r = submit(
                "client-queue", env("client", 1), train(hdfs.uri("/runs/q"), data, 1, ARCHIVE, "--queue", "nosuch"));
        assertEquals(2, r.result().code(), r::describe);
        List<String> lines = r.result().errLines(WRAPPER);
        assertEquals(1, lines.size(), r::describe);
        assertTrue(lines.get(0).contains("no queue 'nosuch'") && lines.get(0).contains("--queue"), lines.get(0));
        assertEquals(lines.get(0), lastLine(r.result().err()), "the wrapper's line ends the output");
        String app = r.onlyApplication();
        assertEquals(RMAppState.FAILED, yarn.application(app).getState(), "rejected by the ResourceManager");
        report("unknown queue: exit 2 after %.1f s", r.result().seconds());
    }

    @Test
    @Order(5)
    void anExecutorKilledByYarnAboveItsMemoryLimitIsOneLineNamingMemoryOverhead() throws Exception {
        // An overhead of 1 MB: the container (768 MB heap + 1 MB, charged as 896 MB) holds the heap but not ND4J's
        // arrays (minibatches of 50) and native libraries; YARN's physical-memory check kills it. One task failure
        // ends the job (Spark would otherwise try three more executors, each killed the same way). Two epochs: should
        // the first round end before the NodeManager's next check, the second epoch's task still meets the kill.
        Map<String, String> env = env("client", 1);
        Run r = submit(
                "client-memory",
                env,
                train(
                        hdfs.uri("/runs/m"),
                        hdfs.uri("/runs/m/metrics.jsonl"),
                        data,
                        1,
                        50,
                        2,
                        ARCHIVE,
                        "--conf",
                        "spark.executor.memoryOverhead=1m",
                        "--conf",
                        "spark.task.maxFailures=1"));
        assertEquals(1, r.result().code(), r::describe);
        List<String> lines = r.result().errLines(WRAPPER);
        assertEquals(1, lines.size(), r::describe);
        String line = lines.get(0);
        assertTrue(
                line.contains("physical-memory limit")
                        && line.contains("raise spark.executor.memoryOverhead")
                        && line.contains("spark.executor.memoryOverhead=1m"),
                line);
        assertEquals(line, lastLine(r.result().err()), "the wrapper's line ends the output");
        r.onlyApplication(); // (in client mode the application master unregisters SUCCEEDED when the driver stops)
        report(
                "executor over its memory limit: exit 1 after %.1f s; %s",
                r.result().seconds(), line);
    }

    @Test
    @Order(6)
    void theHistoryServerListsTheApplicationFromItsEventLogInHdfs() throws Exception {
        assertNotNull(eventLoggedApplication, "the client-mode training (with the event log on) ran first");
        long start = System.nanoTime();
        try (HistoryServerProcess server =
                HistoryServerProcess.start(yarn.confDir(), eventLogs, tmp.resolve("logs/history-server.log"))) {
            String apps = server.awaitApi("applications", eventLoggedApplication, 90);
            assertTrue(
                    apps.contains(eventLoggedApplication),
                    "listed: " + apps + "\n" + Files.readString(tmp.resolve("logs/history-server.log")));
            String jobs = server.awaitApi("applications/" + eventLoggedApplication + "/jobs", "SUCCEEDED", 30);
            assertTrue(jobs.contains("\"status\" : \"SUCCEEDED\""), jobs);
            // Peak memory of each executor as Spark measured it (spark.executor.processTreeMetrics.enabled).
            String executors = server.awaitApi(
                    "applications/" + eventLoggedApplication + "/allexecutors", "peakMemoryMetrics", 30);
            List<String> rss = Pattern.compile("\"ProcessTreeJVMRSSMemory\"\\s*:\\s*([0-9]+)")
                    .matcher(executors)
                    .results()
                    .map(m -> Long.parseLong(m.group(1)) / (1 << 20) + " MB")
                    .toList();
            List<String> heap = Pattern.compile("\"JVMHeapMemory\"\\s*:\\s*([0-9]+)")
                    .matcher(executors)
                    .results()
                    .map(m -> Long.parseLong(m.group(1)) / (1 << 20) + " MB")
                    .toList();
            report(
                    "History Server: %s listed after %.1f s (from start), %d jobs; executors' peak RSS %s, heap %s",
                    eventLoggedApplication,
                    (System.nanoTime() - start) / 1e9,
                    jobs.split("\"jobId\"").length - 1,
                    rss,
                    heap);
        }
    }

    private static String newApplication(Set<String> before) {
        Set<String> now = new HashSet<>(yarn.applications().keySet());
        now.removeAll(before);
        assertEquals(1, now.size(), "one new application: " + now);
        return now.iterator().next();
    }

    /** Waits until {@code file} holds a line containing {@code text}, while the wrapper runs. */
    private static void awaitLine(SubmitScripts.Started started, Path file, String text) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(150);
        while (started.process().isAlive() && System.nanoTime() < deadline) {
            if (Files.exists(file) && Files.readString(file).replace(" ", "").contains(text)) {
                return;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no " + text + " in " + file + "; wrapper: " + Files.readString(started.err()));
    }

    /**
     * Kills (SIGKILL) the JVM of an executor container of {@code app} while it runs a task (its stderr has more
     * "Running task" than "Finished task" lines); returns the container id.
     */
    private static String killAnExecutorInATask(SubmitScripts.Started started, String app) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (started.process().isAlive() && System.nanoTime() < deadline) {
            for (Path dir : yarn.containerLogDirs(app)) {
                String container = dir.getFileName().toString();
                Path log = dir.resolve("stderr");
                String text = Files.exists(log) ? Files.readString(log, StandardCharsets.ISO_8859_1) : "";
                if (count(text, "Running task ") > count(text, "Finished task ")) {
                    List<ProcessHandle> jvms = ProcessHandle.allProcesses()
                            .filter(p -> p.info()
                                            .command()
                                            .filter(c -> c.endsWith("/java"))
                                            .isPresent()
                                    && p.info()
                                            .commandLine()
                                            .filter(c -> c.contains(container)
                                                    && c.contains("YarnCoarseGrainedExecutorBackend"))
                                            .isPresent())
                            .toList();
                    assertEquals(1, jvms.size(), "the JVM of " + container);
                    ProcessHandle jvm = jvms.get(0);
                    jvm.destroyForcibly();
                    assertTrue(
                            jvm.onExit()
                                            .completeOnTimeout(null, 30, TimeUnit.SECONDS)
                                            .get()
                                    != null,
                            container + " did not die");
                    return container;
                }
            }
            Thread.sleep(100);
        }
        throw new AssertionError(
                "no executor of " + app + " was seen running a task: " + Files.readString(started.err()));
    }

    private static int count(String text, String what) {
        int n = 0;
        for (int i = text.indexOf(what); i >= 0; i = text.indexOf(what, i + 1)) {
            n++;
        }
        return n;
    }

    private static String lastLine(String text) {
        List<String> lines = text.strip().lines().toList();
        return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
    }

    private static void reportTimes(String mode, Run run, RMApp app, String epochRecord) {
        double toLaunch = (app.getLaunchTime() - app.getSubmitTime()) / 1e3;
        double inYarn = (app.getFinishTime() - app.getSubmitTime()) / 1e3;
        report(
                "%s mode: wrapper %.1f s in all; application submitted -> AM launched %.1f s, submitted -> finished "
                        + "%.1f s; epoch record %s",
                mode, run.result().seconds(), toLaunch, inYarn, epochRecord);
    }

    private static final String WRAPPER = "spark-submit-yarn.sh: ";

    private static void report(String format, Object... args) {
        System.out.println("[yarn-timing] " + String.format(format, args));
    }

    private static String lastLineOf(String uri) throws Exception {
        try (InputStream in = StoragePath.of(uri).openInput()) {
            List<String> lines = new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .strip()
                    .lines()
                    .toList();
            return lines.get(lines.size() - 1);
        }
    }
}
