package org.capsnet.spark;

import org.apache.hadoop.yarn.api.records.FinalApplicationStatus;
import org.apache.hadoop.yarn.server.resourcemanager.rmapp.RMApp;
import org.capsnet.cli.CapsNetMain;
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

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * submit/spark-submit-yarn.sh end to end, as a user runs it: a MiniDFSCluster and a MiniYARNCluster with two
 * NodeManagers on this host, their client configuration in a HADOOP_CONF_DIR, and the wrapper submitting the shaded
 * jar with SparkSubmit from target/spark-home (no Spark installation; spark-submit uploads target/spark-home/jars
 * and the jar to the application's HDFS staging directory). `train` reads tiny MNIST from hdfs:// and writes the
 * model and metrics there, in client and in cluster deploy mode; the application ends SUCCEEDED and the model
 * evaluates; a missing hdfs:// data directory is exit 2 with the driver's one line in both modes.
 *
 * <p>Memory (the machine has 24 GB): NodeManagers of 3.5 GB; executors 768 MB heap + 768 MB ND4J off-heap (YARN
 * containers of 2,560 MB), the driver 1 GB + 1 GB, the client-mode application master 512 MB.
 */
@Tag("integration")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class YarnClusterTest {
    @TempDir
    static Path tmp;
    static MiniHdfs hdfs;
    static MiniYarn yarn;
    static String data;
    static double clusterStartSeconds;

    @BeforeAll
    static void clusters() throws Exception {
        long start = System.nanoTime();
        hdfs = MiniHdfs.shared();
        yarn = MiniYarn.start(YarnClusterTest.class.getSimpleName(), hdfs, tmp.resolve("hadoop-conf"), 2, 3584);
        clusterStartSeconds = (System.nanoTime() - start) / 1e9;
        data = hdfs.uri("/data/mnist");
        TestData.mnistSubset(StoragePath.of(data), 100, 50);
        report("MiniDFSCluster + MiniYARNCluster (2 NodeManagers) up in %.1f s", clusterStartSeconds);
    }

    @AfterAll
    static void stop() {
        if (yarn != null) {
            yarn.close();
        }
    }

    private static Map<String, String> env(String deployMode, int executors) {
        return new HashMap<>(Map.of(
                "HADOOP_CONF_DIR", yarn.confDir().toString(), "SPARK_LOCAL_IP", "127.0.0.1",
                "CAPSNET_DEPLOY_MODE", deployMode,
                "CAPSNET_NUM_EXECUTORS", String.valueOf(executors),
                "CAPSNET_EXECUTOR_CORES", "1",
                "CAPSNET_EXECUTOR_MEMORY", "768m", "CAPSNET_ND4J_OFFHEAP", "768m",
                "CAPSNET_DRIVER_MEMORY", "1g", "CAPSNET_DRIVER_OFFHEAP", "1g"));
    }

    /** Runs the wrapper and returns its result with the applications it started (ids). */
    private static Run submit(String name, Map<String, String> env, String... args) throws Exception {
        Set<String> before = new HashSet<>(yarn.applications().keySet());
        SubmitScripts.Result r = SubmitScripts.run(tmp.resolve("logs"), name, env, 900,
                "submit/spark-submit-yarn.sh", args);
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
     * spark-submit options (Spark in the application master and the executors bound to loopback, as the driver is
     * through SPARK_LOCAL_IP), then a one-epoch `train` on {@code dataDir} writing to {@code runDir}.
     */
    private static String[] train(String runDir, String dataDir, int workers) {
        return new String[]{"--conf", "spark.yarn.appMasterEnv.SPARK_LOCAL_IP=127.0.0.1",
                "--conf", "spark.executorEnv.SPARK_LOCAL_IP=127.0.0.1", "--",
                "train", "--data", dataDir, "--epochs", "1", "--batch-size", "10", "--workers",
                String.valueOf(workers), "--averaging-frequency", "2", "--model-out", runDir + "/model.zip",
                "--metrics-out", runDir + "/metrics.jsonl"};
    }

    @Test
    @Order(1)
    void clientModeTrainsOnYarnFromHdfsAndTheModelEvaluates() throws Exception {
        String run = hdfs.uri("/runs/client");
        Run trained = submit("client-train", env("client", 2), train(run, data, 2));
        assertEquals(0, trained.result().code(), trained.describe());
        String app = trained.onlyApplication();
        RMApp rmApp = yarn.application(app);
        assertEquals(FinalApplicationStatus.SUCCEEDED, rmApp.getFinalApplicationStatus(), trained.describe());
        assertTrue(trained.result().out().contains("trained 1 epochs"), trained.describe());
        String epoch = lastLine(run + "/metrics.jsonl");
        assertTrue(epoch.replace(" ", "").contains("\"examples\":100"), epoch);
        reportTimes("client", trained, rmApp, epoch);

        String json = evaluate(run + "/model.zip", data);
        assertTrue(json.replace(" ", "").contains("\"examples\":50"), json);
    }

    @Test
    @Order(2)
    void clusterModeRunsTheDriverInTheApplicationMaster() throws Exception {
        String run = hdfs.uri("/runs/cluster");
        // The driver's container (1 GB heap + 2 GB overhead) and one executor: the two NodeManagers hold no more.
        Run trained = submit("cluster-train", env("cluster", 1), train(run, data, 1));
        assertEquals(0, trained.result().code(), trained.describe());
        String app = trained.onlyApplication();
        RMApp rmApp = yarn.application(app);
        assertEquals(FinalApplicationStatus.SUCCEEDED, rmApp.getFinalApplicationStatus(), trained.describe());
        assertTrue(trained.result().err().contains(app + " SUCCEEDED"), trained.describe());
        assertTrue(yarn.applicationMasterStdout(app).contains("trained 1 epochs"),
                "the driver printed in the application master's container: " + trained.describe());
        reportTimes("cluster", trained, rmApp, lastLine(run + "/metrics.jsonl"));

        String json = evaluate(run + "/model.zip", data);
        assertTrue(json.replace(" ", "").contains("\"examples\":50"), json);
    }

    @Test
    @Order(3)
    void aMissingHdfsDataDirectoryIsExit2WithTheDriversLineInBothModes() throws Exception {
        String missing = hdfs.uri("/no/such/mnist");
        Run client = submit("client-missing", env("client", 2), train(hdfs.uri("/runs/x"), missing, 2));
        assertEquals(2, client.result().code(), client.describe());
        List<String> lines = client.result().errLines("capsnet: ");
        assertEquals(1, lines.size(), client.describe());
        assertTrue(lines.get(0).contains(missing), client.describe());
        assertEquals(List.of(), client.applications(), "bad input is found before YARN is asked for anything");

        Run cluster = submit("cluster-missing", env("cluster", 1), train(hdfs.uri("/runs/y"), missing, 1));
        assertEquals(2, cluster.result().code(), cluster.describe());
        String app = cluster.onlyApplication();
        assertEquals(FinalApplicationStatus.FAILED, yarn.application(app).getFinalApplicationStatus());
        assertEquals(1, yarn.application(app).getAppAttempts().size(), "no second attempt");
        List<String> clusterLines = cluster.result().errLines("capsnet: ");
        assertTrue(!clusterLines.isEmpty() && clusterLines.get(clusterLines.size() - 1).contains(missing),
                cluster.describe());
        report("bad input: client mode exit 2 after %.1f s; cluster mode exit 2 after %.1f s",
                client.result().seconds(), cluster.result().seconds());
    }

    private static void reportTimes(String mode, Run run, RMApp app, String epochRecord) {
        double toLaunch = (app.getLaunchTime() - app.getSubmitTime()) / 1e3;
        double inYarn = (app.getFinishTime() - app.getSubmitTime()) / 1e3;
        report("%s mode: wrapper %.1f s in all; application submitted -> AM launched %.1f s, submitted -> finished "
                + "%.1f s; epoch record %s", mode, run.result().seconds(), toLaunch, inYarn, epochRecord);
    }

    private static void report(String format, Object... args) {
        System.out.println("[yarn-timing] " + String.format(format, args));
    }

    private static String lastLine(String uri) throws Exception {
        try (InputStream in = StoragePath.of(uri).openInput()) {
            List<String> lines = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip().lines().toList();
            return lines.get(lines.size() - 1);
        }
    }

    /** {@code evaluate --json} in this JVM; asserts exit 0 and returns the JSON line. */
    private static String evaluate(String model, String dataDir) {
        PrintStream stdout = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int code;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            code = CapsNetMain.run("evaluate", "--model", model, "--data", dataDir, "--json");
        } finally {
            System.setOut(stdout);
        }
        String json = captured.toString(StandardCharsets.UTF_8).strip().lines().reduce((a, b) -> b).orElse("");
        assertEquals(0, code, json);
        return json;
    }
}
