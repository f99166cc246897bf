package org.capsnet.spark;

import org.capsnet.data.TestData;
import org.capsnet.cli.CapsNetMain;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * End to end on a real standalone cluster on loopback: submit/local-cluster.sh starts a master and two 1-core
 * workers from target/spark-home (made by `mvn package`), submit/spark-submit-standalone.sh submits the shaded jar
 * with `train --master spark://...`, then `evaluate` scores the saved model; then the same in cluster deploy mode
 * (driver on a worker) with file:// URIs. The cluster is stopped in finally.
 */
@Tag("integration")
class StandaloneClusterTest {
    private static final Path ROOT = Path.of("").toAbsolutePath();

    @TempDir
    Path tmp;

    @Test
    void trainInClientAndClusterDeployModeThenEvaluateTheSavedModels() throws Exception {
        Path data = tmp.resolve("data");
        TestData.mnistSubset(data, 300, 100);
        Path model = tmp.resolve("model.zip");
        Path metrics = tmp.resolve("metrics.jsonl");
        Map<String, String> env = Map.of(
                "CAPSNET_MASTER_PORT", String.valueOf(freePort()),
                "CAPSNET_MASTER_UI_PORT", String.valueOf(freePort()),
                "CAPSNET_WORKER_CORES", "1",
                "CAPSNET_WORKER_MEMORY", "2g");
        Result started = run(env, 180, "submit/local-cluster.sh", "start", "2");
        try {
            assertEquals(0, started.code, started.err);
            String master = started.out.strip().lines().reduce((a, b) -> b).orElse("");
            assertTrue(master.startsWith("spark://127.0.0.1:"), started.out + started.err);

            Map<String, String> submitEnv = new java.util.HashMap<>(env);
            submitEnv.putAll(Map.of("CAPSNET_MASTER", master, "CAPSNET_EXECUTOR_CORES", "1",
                    "CAPSNET_EXECUTOR_MEMORY", "1g", "CAPSNET_ND4J_OFFHEAP", "1g",
                    "CAPSNET_DRIVER_MEMORY", "1g", "CAPSNET_DRIVER_OFFHEAP", "2g"));
            Result trained = run(submitEnv, 900, "submit/spark-submit-standalone.sh", "train",
                    "--master", master, "--data", data.toString(), "--epochs", "1", "--batch-size", "25",
                    "--workers", "2", "--averaging-frequency", "2", "--model-out", model.toString(),
                    "--metrics-out", metrics.toString());
            assertEquals(0, trained.code, trained.err);
            assertTrue(trained.out.contains("trained 1 epochs"), trained.out);
            assertTrue(Files.size(model) > 0);
            List<String> records = Files.readAllLines(metrics);
            String line = records.get(records.size() - 1); // the epoch record, after the round records
            assertTrue(line.contains("\"examples\":300") || line.contains("\"examples\" : 300"), line);
            assertTrue(trained.err.contains("spark://") || trained.out.contains("spark://"), "ran on the cluster");

            String json = evaluate(model.toString(), data.toString());
            assertTrue(json.contains("\"accuracy\"") && json.replace(" ", "").contains("\"examples\":100"), json);

            // Cluster deploy mode: the master starts the driver on a worker; it reads the data and writes the model
            // through file:// URIs (the disk the loopback workers share), and evaluate reads the model back here.
            Path small = tmp.resolve("small");
            TestData.mnistSubset(small, 100, 50);
            String dataUri = small.toUri().toString();
            String modelUri = tmp.resolve("cluster-run/model.zip").toUri().toString();
            Result cluster = run(submitEnv, 900, "submit/spark-submit-standalone.sh", "--deploy-mode", "cluster",
                    "--", "train", "--master", master, "--data", dataUri, "--epochs", "1", "--batch-size", "25",
                    "--workers", "1", "--model-out", modelUri);
            assertEquals(0, cluster.code, cluster.err);
            assertTrue(cluster.err.contains("Driver running on 127.0.0.1"), "the driver ran on a worker: "
                    + cluster.err);
            assertTrue(cluster.out.contains("trained 1 epochs") && cluster.out.contains(modelUri),
                    "the driver's stdout, from the worker's work directory: " + cluster.out);
            String clusterJson = evaluate(modelUri, dataUri);
            assertTrue(clusterJson.replace(" ", "").contains("\"examples\":50"), clusterJson);
        } finally {
            Result stopped = run(env, 120, "submit/local-cluster.sh", "stop");
            assertEquals(0, stopped.code, stopped.err);
        }
    }

    private record Result(int code, String out, String err) {
    }

    /** {@code evaluate --json} in this JVM; asserts exit 0 and returns the JSON line. */
    private static String evaluate(String model, String data) {
        java.io.PrintStream stdout = System.out;
        java.io.ByteArrayOutputStream captured = new java.io.ByteArrayOutputStream();
        int code;
        System.setOut(new java.io.PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            code = CapsNetMain.run("evaluate", "--model", model, "--data", data, "--json");
        } finally {
            System.setOut(stdout);
        }
        String json = captured.toString(StandardCharsets.UTF_8).strip().lines().reduce((a, b) -> b).orElse("");
        assertEquals(0, code, json);
        return json;
    }

    private Result run(Map<String, String> env, int timeoutSeconds, String... command)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(ROOT.resolve(command[0]).toString()));
        cmd.addAll(List.of(command).subList(1, command.length));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(ROOT.toFile());
        pb.environment().putAll(env);
        pb.environment().remove("SPARK_HOME");
        String name = Path.of(command[0]).getFileName() + "-" + (command.length > 1 ? command[1] : "");
        Path out = tmp.resolve(name + ".out");
        Path err = tmp.resolve(name + ".err");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile());
        Process p = pb.start();
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            p.waitFor(10, TimeUnit.SECONDS);
            return new Result(-1, Files.readString(out, StandardCharsets.UTF_8),
                    "timed out after " + timeoutSeconds + " s: " + Files.readString(err, StandardCharsets.UTF_8));
        }
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
