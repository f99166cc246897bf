package org.capsnet.spark;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.yarn.api.records.ApplicationId;
import org.apache.hadoop.yarn.conf.YarnConfiguration;
import org.apache.hadoop.yarn.server.MiniYARNCluster;
import org.apache.hadoop.yarn.server.resourcemanager.rmapp.RMApp;
import org.capsnet.io.MiniHdfs;

/**
 * An in-process YARN for tests: a MiniYARNCluster (hadoop-client-minicluster, the Hadoop of Spark's client) with one
 * ResourceManager and {@code nodeManagers} NodeManagers of {@code nodeMemoryMb} each on this host, beside a
 * {@link MiniHdfs}, and a HADOOP_CONF_DIR with the core-site.xml, hdfs-site.xml and yarn-site.xml a client needs,
 * as a cluster's administrators would hand them out. Settings as in Spark's own YARN tests (BaseYarnClusterSuite):
 * a capacity-scheduler queue "default" (the minicluster jar has no capacity-scheduler.xml) that may give all its
 * memory to application masters, no disk-full check;
 * containers are charged in steps of 128 MB, the virtual-memory check is off (JVMs reserve far more address space
 * than they use), the physical-memory check stays on, so a container above memory + memoryOverhead is killed as
 * on a real cluster. Containers run with this JVM's Java (yarn.nodemanager.admin-env JAVA_HOME).
 */
final class MiniYarn implements AutoCloseable {
    private final MiniYARNCluster cluster;
    private final Path confDir;

    private MiniYarn(MiniYARNCluster cluster, Path confDir) {
        this.cluster = cluster;
        this.confDir = confDir;
    }

    static MiniYarn start(String name, MiniHdfs hdfs, Path confDir, int nodeManagers, int nodeMemoryMb)
            throws Exception {
        YarnConfiguration conf = new YarnConfiguration();
        conf.set("yarn.nodemanager.disk-health-checker.max-disk-utilization-per-disk-percentage", "100.0");
        conf.set("yarn.scheduler.capacity.root.queues", "default");
        conf.setInt("yarn.scheduler.capacity.root.default.capacity", 100);
        conf.setFloat("yarn.scheduler.capacity.root.default.user-limit-factor", 1);
        conf.setInt("yarn.scheduler.capacity.root.default.maximum-capacity", 100);
        conf.set("yarn.scheduler.capacity.root.default.state", "RUNNING");
        conf.set("yarn.scheduler.capacity.root.default.acl_submit_applications", "*");
        conf.set("yarn.scheduler.capacity.root.default.acl_administer_queue", "*");
        conf.setInt("yarn.scheduler.capacity.node-locality-delay", -1);
        // The default (10% of the cluster for application masters) is less than one cluster-mode driver here.
        conf.setFloat("yarn.scheduler.capacity.maximum-am-resource-percent", 1.0f);
        // MiniYARNCluster overrides the NodeManagers' memory with this key (default 4096) and turns their container
        // monitor (the memory checks) off unless told to leave it alone.
        conf.setInt("yarn.minicluster.yarn.nodemanager.resource.memory-mb", nodeMemoryMb);
        conf.setBoolean("yarn.minicluster.control-resource-monitoring", true);
        conf.setInt(YarnConfiguration.NM_PMEM_MB, nodeMemoryMb);
        conf.setInt(YarnConfiguration.NM_VCORES, 2);
        conf.setInt(YarnConfiguration.RM_SCHEDULER_MINIMUM_ALLOCATION_MB, 128);
        conf.setInt(YarnConfiguration.RM_SCHEDULER_MAXIMUM_ALLOCATION_MB, nodeMemoryMb);
        conf.setBoolean(YarnConfiguration.NM_VMEM_CHECK_ENABLED, false);
        conf.setBoolean(YarnConfiguration.NM_PMEM_CHECK_ENABLED, true);
        // Hadoop 3.3's ContainersMonitorImpl skips its polling memory check while yarn.nodemanager.resource.memory
        // .enforced is true (the default), leaving containers to the cgroups memory controller, which these
        // NodeManagers do not have: without this nothing enforces the containers' memory.
        conf.setBoolean("yarn.nodemanager.resource.memory.enforced", false);
        // The check polls every 3 s by default: a 100-example job can finish between two polls, and the container
        // over its limit then goes unnoticed. Poll often enough to catch it within one minibatch.
        conf.setInt(YarnConfiguration.NM_CONTAINER_MON_INTERVAL_MS, 250);
        // Containers run this JVM's Java. (The NodeManager appends these to a container's own values.)
        conf.set(
                YarnConfiguration.NM_ADMIN_USER_ENV, "MALLOC_ARENA_MAX=4,JAVA_HOME=" + System.getProperty("java.home"));

        MiniYARNCluster cluster = new MiniYARNCluster(name, 1, nodeManagers, 1, 1);
        cluster.init(conf);
        cluster.start();
        MiniYarn yarn = new MiniYarn(cluster, confDir);
        try {
            // MiniYARNCluster may return before the ResourceManager has put its port into the configuration.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            while (cluster.getConfig().get(YarnConfiguration.RM_ADDRESS).endsWith(":0")) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("the ResourceManager's address is still unset after 30 s");
                }
                Thread.sleep(100);
            }
            if (!cluster.waitForNodeManagersToConnect(60_000)) {
                throw new IllegalStateException("the NodeManagers did not register within 60 s");
            }
            yarn.writeClientConfiguration(hdfs);
            return yarn;
        } catch (Exception e) {
            yarn.close();
            throw e;
        }
    }

    /** core-site.xml (fs.defaultFS: the MiniHdfs), hdfs-site.xml, and yarn-site.xml: the yarn.* settings in force. */
    private void writeClientConfiguration(MiniHdfs hdfs) throws IOException {
        Files.createDirectories(confDir);
        Configuration core = new Configuration(false);
        core.set("fs.defaultFS", hdfs.uri(""));
        write(core, "core-site.xml");
        Configuration hdfsSite = new Configuration(false);
        hdfsSite.set("dfs.replication", "1");
        write(hdfsSite, "hdfs-site.xml");

        Configuration defaults = new YarnConfiguration();
        Configuration site = new Configuration(false);
        Map<String, String> running = new HashMap<>();
        for (Map.Entry<String, String> e : cluster.getConfig()) {
            running.put(e.getKey(), cluster.getConfig().get(e.getKey()));
        }
        running.forEach((key, value) -> {
            if (key.startsWith("yarn.") && !Objects.equals(value, defaults.get(key))) {
                site.set(key, value);
            }
        });
        write(site, "yarn-site.xml");
    }

    private void write(Configuration conf, String name) throws IOException {
        try (OutputStream out = Files.newOutputStream(confDir.resolve(name))) {
            conf.writeXml(out);
        }
    }

    Path confDir() {
        return confDir;
    }

    /** The applications the ResourceManager knows, by id. */
    Map<String, RMApp> applications() {
        return cluster.getResourceManager().getRMContext().getRMApps().entrySet().stream()
                .collect(Collectors.toMap(e -> e.getKey().toString(), Map.Entry::getValue));
    }

    RMApp application(String id) {
        return cluster.getResourceManager().getRMContext().getRMApps().get(ApplicationId.fromString(id));
    }

    /** The last {@code tailChars} characters of every container log file of an application, for failure messages. */
    String containerLogs(String applicationId, int tailChars) {
        Path base = cluster.getTestWorkDir().toPath();
        StringBuilder all = new StringBuilder();
        pathsUnder(base).stream()
                .filter(p -> p.toString().contains(applicationId + "/")
                        && Files.isRegularFile(p)
                        && (p.getFileName().toString().startsWith("std")))
                .sorted()
                .forEach(p -> {
                    try {
                        String text = Files.readString(p, StandardCharsets.UTF_8);
                        all.append("\n==> ")
                                .append(base.relativize(p))
                                .append(" <==\n")
                                .append(text.substring(Math.max(0, text.length() - tailChars)));
                    } catch (IOException e) {
                        all.append("\n(cannot read ").append(p).append(")");
                    }
                });
        return all.toString();
    }

    /** The log directories of an application's containers on all NodeManagers (each named by its container id). */
    List<Path> containerLogDirs(String applicationId) {
        return pathsUnder(cluster.getTestWorkDir().toPath()).stream()
                .filter(p -> Files.isDirectory(p)
                        && p.getParent() != null
                        && p.getParent().getFileName().toString().equals(applicationId)
                        && p.getFileName().toString().startsWith("container_"))
                .sorted()
                .toList();
    }

    /**
     * Every path under {@code base}. Unlike {@link Files#walk}, it skips what vanishes during the walk: the
     * NodeManagers delete an application's local directories when it ends, while a test may be reading its logs.
     */
    private static List<Path> pathsUnder(Path base) {
        List<Path> paths = new ArrayList<>();
        try {
            Files.walkFileTree(base, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    paths.add(dir);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    paths.add(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFileFailed(Path file, IOException e) {
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return paths;
    }

    /** The stdout of the application's first container (its application master: in cluster mode, the driver). */
    String applicationMasterStdout(String applicationId) {
        return pathsUnder(cluster.getTestWorkDir().toPath()).stream()
                .filter(p -> p.getFileName().toString().equals("stdout")
                        && p.getParent().getFileName().toString().endsWith("_01_000001")
                        && p.toString().contains(applicationId.replace("application_", "")))
                .findFirst()
                .map(p -> {
                    try {
                        return Files.readString(p, StandardCharsets.UTF_8);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                })
                .orElse("");
    }

    /**
     * Stops the cluster and deletes the NodeManagers' local directories (the jars localized for every application,
     * about 1 GB each), keeping their container logs under target/ for a look after a failure.
     */
    @Override
    public void close() {
        cluster.stop();
        File[] dirs = cluster.getTestWorkDir().listFiles((dir, name) -> name.contains("-localDir-"));
        for (File dir : dirs == null ? new File[0] : dirs) {
            try (Stream<Path> files = Files.walk(dir.toPath())) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            } catch (IOException e) {
                // build output; best effort
            }
        }
    }
}
