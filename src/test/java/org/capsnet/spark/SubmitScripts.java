package org.capsnet.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.capsnet.cli.CapsNetMain;

/**
 * Runs a script of submit/ as a user would, from the project root, with the given environment on top of this
 * process's, minus whatever Spark, Hadoop or capsnet settings the test run itself inherited; stdout and stderr go
 * to files in {@code logs} and are returned.
 */
final class SubmitScripts {
    static final Path ROOT = Path.of("").toAbsolutePath();

    private SubmitScripts() {}

    record Result(int code, String out, String err, double seconds) {
        /** The lines of stderr that start with {@code prefix}. */
        List<String> errLines(String prefix) {
            return err.lines().filter(l -> l.startsWith(prefix)).toList();
        }

        @Override
        public String toString() {
            return "exit " + code + " after " + Math.round(seconds) + " s\n--- stdout\n" + out + "\n--- stderr\n" + err;
        }
    }

    /** Runs {@code script args} and waits for it, at most {@code timeoutSeconds} (then it is killed: exit -1). */
    static Result run(
            Path logs, String name, Map<String, String> env, int timeoutSeconds, String script, String... args)
            throws IOException, InterruptedException {
        return start(logs, name, env, script, args).await(timeoutSeconds);
    }

    /** Starts the script without waiting; {@link Started#await} collects the result. */
    static Started start(Path logs, String name, Map<String, String> env, String script, String... args)
            throws IOException {
        List<String> cmd = new ArrayList<>(List.of(ROOT.resolve(script).toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(ROOT.toFile());
        pb.environment()
                .keySet()
                .removeIf(k -> k.startsWith("CAPSNET_")
                        || k.equals("SPARK_HOME")
                        || k.equals("HADOOP_CONF_DIR")
                        || k.equals("YARN_CONF_DIR")
                        || k.equals("SPARK_CONF_DIR"));
        pb.environment().putAll(env);
        Files.createDirectories(logs);
        Path out = logs.resolve(name + ".out");
        Path err = logs.resolve(name + ".err");
        pb.redirectOutput(out.toFile()).redirectError(err.toFile()).redirectInput(ProcessBuilder.Redirect.PIPE);
        long start = System.nanoTime();
        Process p = pb.start();
        p.getOutputStream().close();
        return new Started(p, out, err, start);
    }

    /** A script that runs; its stdout and stderr go to {@code out} and {@code err}. */
    record Started(Process process, Path out, Path err, long startNanos) {
        /** Waits up to {@code timeoutSeconds}, killing the script and its children after that. */
        Result await(int timeoutSeconds) throws IOException, InterruptedException {
            boolean finished = process.waitFor(timeoutSeconds, TimeUnit.SECONDS);
            if (!finished) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
                process.waitFor(10, TimeUnit.SECONDS);
            }
            double seconds = (System.nanoTime() - startNanos) / 1e9;
            String stdout = Files.readString(out, StandardCharsets.UTF_8);
            String stderr = Files.readString(err, StandardCharsets.UTF_8);
            return finished
                    ? new Result(process.exitValue(), stdout, stderr, seconds)
                    : new Result(-1, stdout, "timed out after " + timeoutSeconds + " s\n" + stderr, seconds);
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /**
     * {@code capsnet evaluate --model MODEL --data DATA --json} in this JVM, as the cluster tests check what a
     * submitted training saved; asserts exit 0 and returns the JSON line.
     */
    static String evaluateJson(String model, String data) {
        PrintStream stdout = System.out;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        int code;
        System.setOut(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            code = CapsNetMain.run("evaluate", "--model", model, "--data", data, "--json");
        } finally {
            System.setOut(stdout);
        }
        String json = captured.toString(StandardCharsets.UTF_8)
                .strip()
                .lines()
                .reduce((a, b) -> b)
                .orElse("");
        assertEquals(0, code, json);
        return json;
    }
}
