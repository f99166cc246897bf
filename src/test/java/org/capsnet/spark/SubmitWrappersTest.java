package org.capsnet.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The spark-submit wrappers without a cluster: the Kubernetes wrapper's dry run prints the command line and the pod
 * settings and runs nothing; the YARN wrapper stops with one line and exit 2 on the common configuration mistakes
 * before starting anything, and in cluster mode turns YARN's report of the driver's end into the driver's exit code
 * (spark-submit here is a stand-in script that prints what a real one prints).
 */
class SubmitWrappersTest {
    @TempDir
    Path tmp;

    /** A SPARK_HOME whose bin/spark-submit records its arguments, prints {@code stderr} and exits with {@code code}. */
    private Path fakeSparkHome(String stderr, int code) throws IOException {
        Path home = tmp.resolve("spark-home");
        Path bin = Files.createDirectories(home.resolve("bin"));
        Files.writeString(tmp.resolve("stderr.txt"), stderr);
        Path script = bin.resolve("spark-submit");
        Files.writeString(
                script,
                "#!/usr/bin/env bash\nprintf '%s\\n' \"$@\" > '" + tmp.resolve("ran-with") + "'\ncat '"
                        + tmp.resolve("stderr.txt") + "' >&2\nexit " + code + "\n");
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwxr-xr-x"));
        return home;
    }

    private List<String> fakeSparkSubmitArgs() throws IOException {
        return Files.readAllLines(tmp.resolve("ran-with"));
    }

    @Test
    void kubernetesDryRunPrintsTheCommandLineAndThePodSettingsWithoutRunningIt() throws Exception {
        Path home = fakeSparkHome("", 0);
        Map<String, String> env = Map.of(
                "CAPSNET_DRY_RUN",
                "1",
                "SPARK_HOME",
                home.toString(),
                "CAPSNET_K8S_MASTER",
                "k8s://https://api.example:6443",
                "CAPSNET_K8S_IMAGE",
                "registry.example/spark:3.5.6-java17",
                "CAPSNET_JAR",
                "local:///opt/capsnet.jar",
                "CAPSNET_K8S_NAMESPACE",
                "ml",
                "CAPSNET_EXECUTOR_MEMORY",
                "2g",
                "CAPSNET_ND4J_OFFHEAP",
                "3g",
                "CAPSNET_EXECUTOR_CORES",
                "4",
                "CAPSNET_NUM_EXECUTORS",
                "3");
        SubmitScripts.Result r = SubmitScripts.run(
                tmp,
                "k8s",
                env,
                60,
                "submit/spark-submit-k8s.sh",
                "--conf",
                "spark.kubernetes.executor.limit.cores=4",
                "--",
                "train",
                "--data",
                "s3a://bucket/mnist",
                "--epochs",
                "2");
        assertEquals(0, r.code(), r.toString());
        assertFalse(Files.exists(tmp.resolve("ran-with")), "spark-submit must not run in a dry run");

        String out = r.out();
        int pods = out.indexOf("# pod settings");
        assertTrue(out.startsWith("# spark-submit command line") && pods > 0, out);
        String command = out.substring(out.indexOf('\n') + 1, pods);
        // The printed command is one shell command: run it with printf in place of spark-submit to get its words.
        List<String> words = words(command.replaceFirst("^\\S+", "printf '%s\\\\n'"));
        assertEquals(
                List.of(
                        "--master",
                        "k8s://https://api.example:6443",
                        "--deploy-mode",
                        "cluster",
                        "--num-executors",
                        "3"),
                words.subList(0, 6));
        for (String conf : List.of(
                "spark.kubernetes.container.image=registry.example/spark:3.5.6-java17",
                "spark.kubernetes.namespace=ml",
                "spark.executor.memory=2048m",
                "spark.executor.memoryOverhead=4096m",
                "spark.executor.cores=4",
                "spark.task.cpus=4",
                "spark.executorEnv.OMP_NUM_THREADS=4")) {
            assertTrue(words.contains(conf), conf + " in " + words);
        }
        assertTrue(
                words.stream()
                        .anyMatch(w -> w.startsWith("spark.executor.extraJavaOptions=--add-opens")
                                && w.contains("-Dorg.bytedeco.javacpp.maxbytes=3072m")),
                words.toString());
        int userConf = words.indexOf("spark.kubernetes.executor.limit.cores=4");
        assertTrue(userConf > words.indexOf("org.capsnet.cli.CapsNetMain"), "the user's --conf comes last and wins");
        assertEquals(
                List.of("local:///opt/capsnet.jar", "train", "--data", "s3a://bucket/mnist", "--epochs", "2"),
                words.subList(words.size() - 6, words.size()));

        String podSettings = out.substring(pods);
        assertTrue(podSettings.contains("image:           registry.example/spark:3.5.6-java17"), podSettings);
        assertTrue(podSettings.contains("namespace:       ml"), podSettings);
        assertTrue(
                podSettings.contains("executor pods:   3 x memory 6144Mi = heap 2048m + overhead 4096m"), podSettings);
        assertTrue(podSettings.contains("driver pod:      memory 9216Mi = heap 4096m + overhead 5120m"), podSettings);
        assertTrue(podSettings.contains("application jar: in the image (local:///opt/capsnet.jar)"), podSettings);
    }

    /** The words bash makes of {@code command}, which must print one word per line. */
    private List<String> words(String command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder("bash", "-c", command)
                .redirectErrorStream(true)
                .start();
        p.getOutputStream().close();
        String printed = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, p.exitValue(), printed);
        return printed.lines().toList();
    }

    @Test
    void yarnWithoutHadoopConfDirIsOneLineAndExit2() throws Exception {
        SubmitScripts.Result r = SubmitScripts.run(
                tmp, "no-conf", Map.of(), 60, "submit/spark-submit-yarn.sh", "train", "--data", "hdfs:///data/mnist");
        assertOneLineExit2(r, "set HADOOP_CONF_DIR (or YARN_CONF_DIR)");
    }

    @Test
    void yarnWithAHadoopConfDirThatIsNoDirectoryOrHasNoYarnSiteIsOneLineAndExit2() throws Exception {
        Path missing = tmp.resolve("no-such-conf");
        assertOneLineExit2(
                SubmitScripts.run(
                        tmp,
                        "missing-conf",
                        Map.of("HADOOP_CONF_DIR", missing.toString()),
                        60,
                        "submit/spark-submit-yarn.sh",
                        "info"),
                "HADOOP_CONF_DIR=" + missing + " is not a directory");

        Path empty = Files.createDirectories(tmp.resolve("conf"));
        Files.writeString(empty.resolve("core-site.xml"), "<configuration/>\n");
        assertOneLineExit2(
                SubmitScripts.run(
                        tmp,
                        "no-yarn-site",
                        Map.of("HADOOP_CONF_DIR", empty.toString()),
                        60,
                        "submit/spark-submit-yarn.sh",
                        "info"),
                "no yarn-site.xml in " + empty);
    }

    @Test
    void yarnWithNoResourceManagerAtTheConfiguredAddressIsOneLineAndExit2() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort(); // closed again: nothing listens there
        }
        Path conf = yarnConf("127.0.0.1:" + port);
        assertOneLineExit2(
                SubmitScripts.run(
                        tmp,
                        "no-rm",
                        Map.of("HADOOP_CONF_DIR", conf.toString()),
                        60,
                        "submit/spark-submit-yarn.sh",
                        "info"),
                "no ResourceManager answers at 127.0.0.1:" + port);
    }

    private Path yarnConf(String rmAddress) throws IOException {
        Path conf = Files.createDirectories(tmp.resolve("yarn-conf"));
        Files.writeString(conf.resolve("yarn-site.xml"), """
                <?xml version="1.0"?>
                <configuration>
                  <property>
                    <name>yarn.resourcemanager.address</name>
                    <value>%s</value>
                  </property>
                </configuration>
                """.formatted(rmAddress));
        return conf;
    }

    @Test
    void yarnClusterModeExitCodeFollowsTheDriver() throws Exception {
        try (ServerSocket rm = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Map<String, String> env = new HashMap<>(Map.of(
                    "HADOOP_CONF_DIR",
                            yarnConf("127.0.0.1:" + rm.getLocalPort()).toString(),
                    "CAPSNET_JAR", tmp.resolve("app.jar").toString()));
            String app = "application_1700000000000_0007";
            String submitted = "12:00:01 INFO Client: Submitted application " + app + "\n";
            String failed = "Exception in thread \"main\" org.apache.spark.SparkException: Application " + app
                    + " finished with failed status\n";

            // Bad input after the SparkContext started: the ApplicationMaster reports the driver's exception.
            env.put(
                    "SPARK_HOME",
                    fakeSparkHome(
                                    submitted + "12:00:09 ERROR Client: Application diagnostics "
                                            + "message: User class threw exception: org.capsnet.cli.YarnClusterDriver$Failure: exit 2: "
                                            + "capsnet: hdfs://nn/mnist/train-images-idx3-ubyte.gz: truncated\n"
                                            + failed,
                                    1)
                            .toString());
            SubmitScripts.Result badInput = SubmitScripts.run(
                    tmp, "bad-input", env, 60, "submit/spark-submit-yarn.sh", "train", "--data", "hdfs://nn/mnist");
            assertEquals(2, badInput.code(), badInput.toString());
            assertEquals(
                    List.of("capsnet: hdfs://nn/mnist/train-images-idx3-ubyte.gz: truncated"),
                    badInput.errLines("capsnet: "));
            assertTrue(badInput.err().contains("yarn logs -applicationId " + app), badInput.err());
            List<String> args = fakeSparkSubmitArgs();
            assertEquals("cluster", args.get(args.indexOf("--deploy-mode") + 1));
            assertTrue(args.contains("spark.yarn.maxAppAttempts=1"), args.toString());

            // Bad input before the SparkContext: only the tail of the driver's stderr reaches the diagnostics.
            env.put(
                    "SPARK_HOME",
                    fakeSparkHome(
                                    submitted + "12:00:09 ERROR Client: Application diagnostics "
                                            + "message: Application " + app
                                            + " failed 1 times due to AM Container exited with  exitCode: "
                                            + "13\nLast 4096 bytes of stderr :\ncapsnet: --data hdfs://nn/none is not a directory\n"
                                            + "12:00:08 ERROR ApplicationMaster: User application exited with status 2\n"
                                            + failed,
                                    1)
                            .toString());
            SubmitScripts.Result early = SubmitScripts.run(
                    tmp, "early", env, 60, "submit/spark-submit-yarn.sh", "train", "--data", "hdfs://nn/none");
            assertEquals(2, early.code(), early.toString());

            // A bug in the driver, and a failure with no word from the driver: exit 1.
            env.put(
                    "SPARK_HOME",
                    fakeSparkHome(
                                    submitted + "ERROR Client: Application diagnostics message: User "
                                            + "class threw exception: org.capsnet.cli.YarnClusterDriver$Failure: exit 1: capsnet: internal "
                                            + "error: NullPointerException\n" + failed,
                                    1)
                            .toString());
            SubmitScripts.Result bug = SubmitScripts.run(tmp, "bug", env, 60, "submit/spark-submit-yarn.sh", "info");
            assertEquals(1, bug.code(), bug.toString());
            assertEquals(List.of("capsnet: internal error: NullPointerException"), bug.errLines("capsnet: "));
            env.put("SPARK_HOME", fakeSparkHome(submitted + failed, 1).toString());
            assertEquals(
                    1,
                    SubmitScripts.run(tmp, "lost", env, 60, "submit/spark-submit-yarn.sh", "info")
                            .code());

            env.put("SPARK_HOME", fakeSparkHome(submitted, 0).toString());
            SubmitScripts.Result ok = SubmitScripts.run(tmp, "ok", env, 60, "submit/spark-submit-yarn.sh", "info");
            assertEquals(0, ok.code(), ok.toString());
            assertTrue(ok.err().contains(app + " SUCCEEDED"), ok.err());
        }
    }

    /**
     * The memory kill of each kind of container names its own overhead (YarnClusterTest has YARN kill a real
     * executor; the application master's variants are the NodeManager's message as Hadoop 3.3 words it).
     */
    @Test
    void yarnNamesTheMemoryOverheadOfTheContainerTheNodeManagerKilled() throws Exception {
        try (ServerSocket rm = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Map<String, String> env = new HashMap<>(Map.of(
                    "HADOOP_CONF_DIR",
                    yarnConf("127.0.0.1:" + rm.getLocalPort()).toString(),
                    "CAPSNET_JAR",
                    tmp.resolve("app.jar").toString(),
                    "CAPSNET_DRIVER_OFFHEAP",
                    "2g"));
            String app = "application_1700000000000_0009";
            String amKilled = "12:00:01 INFO Client: Submitted application " + app + "\n12:03:00 ERROR Client: "
                    + "Application diagnostics message: Application " + app + " failed 1 times due to AM Container "
                    + "for appattempt_1700000000000_0009_000001 exited with  exitCode: -104\nFailing this attempt."
                    + "Diagnostics: [2026-11-30 12:03:00.000]Container [pid=4242,containerID=container_1700000000000"
                    + "_0009_01_000001] is running 52428800B beyond the 'PHYSICAL' memory limit. Current usage: 4.1 "
                    + "GB of 4 GB physical memory used; 9.2 GB of 8.4 GB virtual memory used. Killing container.\n"
                    + "Exception in thread \"main\" org.apache.spark.SparkException: Application " + app
                    + " finished with failed status\n";
            env.put("SPARK_HOME", fakeSparkHome(amKilled, 1).toString());
            SubmitScripts.Result driver =
                    SubmitScripts.run(tmp, "am-cluster", env, 60, "submit/spark-submit-yarn.sh", "info");
            assertEquals(1, driver.code(), driver.toString());
            List<String> lines = driver.errLines("spark-submit-yarn.sh: ");
            assertEquals(1, lines.size(), driver.toString());
            assertTrue(
                    lines.get(0).contains("the driver's container")
                            && lines.get(0)
                                    .contains("(4.1 GB of 4 GB "
                                            + "physical memory used): raise spark.driver.memoryOverhead")
                            && lines.get(0).contains("3072m"),
                    lines.get(0));

            SubmitScripts.Result am = SubmitScripts.run(
                    tmp, "am-client", env, 60, "submit/spark-submit-yarn.sh", "--deploy-mode", "client", "--", "info");
            assertEquals(1, am.code(), am.toString());
            assertEquals(1, am.errLines("spark-submit-yarn.sh: ").size(), am.toString());
            assertTrue(
                    am.errLines("spark-submit-yarn.sh: ").get(0).contains("raise spark.yarn.am.memoryOverhead"),
                    am.toString());

            // Cluster mode, an executor killed: Spark's words reach the wrapper in the driver's error line.
            env.put(
                    "SPARK_HOME",
                    fakeSparkHome(
                                    "12:00:01 INFO Client: Submitted application " + app + "\n12:03:00 "
                                            + "ERROR Client: Application diagnostics message: User class threw exception: org.capsnet.cli."
                                            + "YarnClusterDriver$Failure: exit 1: capsnet: internal error: Job aborted due to stage failure: "
                                            + "Task 0 in stage 3.0 failed 4 times, most recent failure: Lost task 0.3 in stage 3.0 (TID 9) "
                                            + "(localhost executor 4): ExecutorLostFailure (executor 4 exited caused by one of the running "
                                            + "tasks) Reason: Container killed by YARN for exceeding physical memory limits. 2.6 GB of 2.5 GB "
                                            + "physical memory used. Consider boosting spark.executor.memoryOverhead.\n",
                                    1)
                            .toString());
            SubmitScripts.Result executor =
                    SubmitScripts.run(tmp, "executor-cluster", env, 60, "submit/spark-submit-yarn.sh", "info");
            assertEquals(1, executor.code(), executor.toString());
            assertEquals(1, executor.errLines("spark-submit-yarn.sh: ").size(), executor.toString());
            assertTrue(
                    executor.errLines("spark-submit-yarn.sh: ")
                            .get(0)
                            .contains("an executor's container above its "
                                    + "physical-memory limit (2.6 GB of 2.5 GB physical memory used): raise "
                                    + "spark.executor.memoryOverhead"),
                    executor.toString());
        }
    }

    private static void assertOneLineExit2(SubmitScripts.Result r, String expected) {
        assertEquals(2, r.code(), r.toString());
        List<String> lines = r.err().strip().lines().toList();
        assertEquals(1, lines.size(), r.toString());
        assertTrue(
                lines.get(0).startsWith("spark-submit-yarn.sh: ")
                        && lines.get(0).contains(expected),
                r.toString());
        assertEquals("", r.out());
    }
}
