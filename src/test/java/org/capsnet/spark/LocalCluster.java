package org.capsnet.spark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.spark.SparkConf;

/**
 * A standalone master and 1-core workers on loopback for integration tests, started by submit/local-cluster.sh from
 * target/spark-home (made by `mvn package`, with the shaded jar the executors load) on free ports, and stopped by
 * {@link #close()}. Submits through submit/spark-submit-standalone.sh (client mode: the driver is that process), or
 * gives the {@link SparkConf} of a driver in this JVM. One at a time: the scripts keep their state in
 * target/local-cluster.
 */
final class LocalCluster implements AutoCloseable {
    static final Path ROOT = SubmitScripts.ROOT;
    static final Path WORK = ROOT.resolve("target/local-cluster/work");

    private final Path logs;
    private final Map<String, String> env;
    private final String master;

    private LocalCluster(Path logs, Map<String, String> env, String master) {
        this.logs = logs;
        this.env = env;
        this.master = master;
    }

    /** Starts a master and {@code workers} 1-core, 2 GB workers; script output goes to {@code logs}. */
    static LocalCluster start(Path logs, int workers) throws IOException, InterruptedException {
        Map<String, String> env = Map.of(
                "CAPSNET_MASTER_PORT",
                String.valueOf(SubmitScripts.freePort()),
                "CAPSNET_MASTER_UI_PORT",
                String.valueOf(SubmitScripts.freePort()),
                "CAPSNET_WORKER_CORES",
                "1",
                "CAPSNET_WORKER_MEMORY",
                "2g");
        SubmitScripts.Result started = SubmitScripts.run(
                logs, "cluster-start", env, 180, "submit/local-cluster.sh", "start", String.valueOf(workers));
        String master = started.out().strip().lines().reduce((a, b) -> b).orElse("");
        LocalCluster cluster = new LocalCluster(logs, env, master);
        if (started.code() != 0 || !master.startsWith("spark://127.0.0.1:")) {
            cluster.close();
            throw new IllegalStateException("local cluster did not start: " + started);
        }
        return cluster;
    }

    String master() {
        return master;
    }

    /** The shaded application jar that executors load. */
    static Path applicationJar() throws IOException {
        try (Stream<Path> files = Files.list(ROOT.resolve("target"))) {
            return files.filter(f -> f.getFileName().toString().matches("capsnet-spark-.*-spark\\.jar"))
                    .findFirst()
                    .orElseThrow(() -> new IllegalStateException(
                            "no target/capsnet-spark-*-spark.jar: run `mvn " + "-DskipTests package` first"));
        }
    }

    /** The environment of spark-submit-standalone.sh: 1-core, 1 GB executors (+1 GB ND4J off-heap), a 1 GB driver. */
    private Map<String, String> submitEnv() {
        Map<String, String> e = new HashMap<>(env);
        e.putAll(Map.of(
                "CAPSNET_MASTER",
                master,
                "CAPSNET_EXECUTOR_CORES",
                "1",
                "CAPSNET_EXECUTOR_MEMORY",
                "1g",
                "CAPSNET_ND4J_OFFHEAP",
                "1g",
                "CAPSNET_DRIVER_MEMORY",
                "1g",
                "CAPSNET_DRIVER_OFFHEAP",
                "2g"));
        return e;
    }

    /** {@code spark-submit-standalone.sh ARGS} in client mode, waited for; its output in {@code name}.out/.err. */
    SubmitScripts.Result submit(String name, int timeoutSeconds, String... args)
            throws IOException, InterruptedException {
        return SubmitScripts.run(logs, name, submitEnv(), timeoutSeconds, "submit/spark-submit-standalone.sh", args);
    }

    /** The same, started; stdout and stderr go to {@code name}.out and .err under the logs directory. */
    Process submitStarted(String name, String... args) throws IOException {
        return SubmitScripts.start(logs, name, submitEnv(), "submit/spark-submit-standalone.sh", args)
                .process();
    }

    Path stdout(String name) {
        return logs.resolve(name + ".out");
    }

    Path stderr(String name) {
        return logs.resolve(name + ".err");
    }

    /**
     * A driver in this JVM with what spark-submit-standalone.sh would give it: the master, the application jar for
     * the executors, 1-core 1 GB executors with the Java 17 module flags (and the Vector API's), driver and executors on 127.0.0.1.
     */
    SparkConf driverConf(String appName) throws IOException {
        SparkConf conf = SparkSessions.configuration(appName, master);
        StringBuilder opens = new StringBuilder();
        for (String file : new String[] {"conf/java17-add-opens.args", "conf/java17-simd.args"}) {
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of(file))) {
                String flag = line.replaceFirst("#.*", "").strip();
                if (!flag.isEmpty()) {
                    opens.append(' ').append(flag);
                }
            }
        }
        return conf.set("spark.jars", applicationJar().toString())
                .set("spark.executor.memory", "1g")
                .set("spark.executor.cores", "1")
                .set("spark.task.cpus", "1")
                .set("spark.executorEnv.OMP_NUM_THREADS", "1")
                .set(
                        "spark.executor.extraJavaOptions",
                        conf.get("spark.executor.extraJavaOptions", "") + opens
                                + " -Dorg.bytedeco.javacpp.maxbytes=1g -Dorg.bytedeco.javacpp.maxphysicalbytes=3g")
                .set("spark.driver.host", "127.0.0.1")
                .set("spark.driver.bindAddress", "127.0.0.1")
                .set("spark.ui.enabled", "false");
    }

    /** The applications' work directories (work/app-*) now, to tell a new application's from older ones. */
    static Set<Path> applications() throws IOException {
        if (!Files.isDirectory(WORK)) {
            return Set.of();
        }
        try (Stream<Path> dirs = Files.list(WORK)) {
            return dirs.filter(d -> d.getFileName().toString().startsWith("app-"))
                    .collect(Collectors.toSet());
        }
    }

    /** The live executor JVMs of application {@code appId}: CoarseGrainedExecutorBackend ... --app-id appId. */
    static List<ProcessHandle> executors(String appId) {
        return ProcessHandle.allProcesses()
                .filter(p -> {
                    String cmd = p.info().commandLine().orElse("");
                    return cmd.contains("CoarseGrainedExecutorBackend") && cmd.contains("--app-id " + appId);
                })
                .toList();
    }

    /** The {@code --executor-id} of an executor JVM. */
    static String executorId(ProcessHandle executor) {
        String[] args = executor.info().arguments().orElse(new String[0]);
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals("--executor-id")) {
                return args[i + 1];
            }
        }
        throw new IllegalStateException(
                "no --executor-id in " + executor.info().commandLine().orElse("?"));
    }

    @Override
    public void close() throws IOException, InterruptedException {
        SubmitScripts.Result stopped =
                SubmitScripts.run(logs, "cluster-stop", env, 120, "submit/local-cluster.sh", "stop");
        if (stopped.code() != 0) {
            throw new IllegalStateException("local cluster did not stop: " + stopped);
        }
    }
}
