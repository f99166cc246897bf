package org.capsnet.spark;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Spark History Server started as the README says, without a Spark installation: {@code java -cp
 * 'target/spark-home/jars/*' -Dspark.history.fs.logDirectory=... org.apache.spark.deploy.history.HistoryServer}
 * (with the Hadoop client configuration first on the class path, as Spark's scripts put HADOOP_CONF_DIR), on a free
 * port of loopback; read through its REST API.
 */
final class HistoryServerProcess implements AutoCloseable {
    private final Process process;
    private final int port;
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private HistoryServerProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    static HistoryServerProcess start(Path hadoopConfDir, String logDirectory, Path log) throws IOException {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> cmd = new ArrayList<>(List.of(
                java.toString(),
                "-Xmx512m",
                "-cp",
                hadoopConfDir + ":" + SubmitScripts.ROOT.resolve("target/spark-home/jars") + "/*",
                "-Dspark.history.fs.logDirectory=" + logDirectory,
                "-Dspark.history.ui.port=" + port,
                "-Dspark.history.fs.update.interval=1s",
                "org.apache.spark.deploy.history.HistoryServer"));
        Files.createDirectories(log.getParent());
        Process p = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        return new HistoryServerProcess(p, port);
    }

    /**
     * GETs {@code /api/v1/<path>} until the answer (HTTP 200) contains {@code text} or {@code timeoutSeconds} pass;
     * returns the last answer (empty when the server never answered).
     */
    String awaitApi(String path, String text, int timeoutSeconds) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(timeoutSeconds);
        String last = "";
        while (System.nanoTime() < deadline && process.isAlive()) {
            try {
                HttpResponse<String> r = http.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/v1/" + path))
                                .timeout(Duration.ofSeconds(10))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    last = r.body();
                    if (last.contains(text)) {
                        return last;
                    }
                }
            } catch (IOException e) {
                // not listening yet
            }
            Thread.sleep(500);
        }
        return last;
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(20, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }
}
