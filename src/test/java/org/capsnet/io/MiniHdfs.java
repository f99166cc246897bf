package org.capsnet.io;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.hdfs.MiniDFSCluster;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.core.config.Configurator;

/**
 * An in-process HDFS for tests: one NameNode and one DataNode (MiniDFSCluster from hadoop-client-minicluster, the
 * Hadoop version Spark ships) on a free loopback port, with permission checks on. The user running the tests is
 * the HDFS superuser. {@link #shared()} starts one per test JVM (about 10 s) and stops it when the JVM exits.
 */
public final class MiniHdfs {
    private static final String PREFIX = "minidfs-";
    private static MiniHdfs shared;

    private final MiniDFSCluster cluster;

    private MiniHdfs(MiniDFSCluster cluster) {
        this.cluster = cluster;
    }

    /**
     * The cluster of this JVM, started on first use, under target/test/minidfs-PID (about 800 MB: the jars the YARN
     * tests upload). A test JVM killed before its shutdown hook has deleted that directory leaves it behind; the next
     * JVM deletes those of JVMs no longer running, so repeated runs do not fill the disk (they filled 50 GB of /tmp).
     */
    public static synchronized MiniHdfs shared() {
        if (shared == null) {
            try {
                Path root = Path.of("target", "test").toAbsolutePath();
                Files.createDirectories(root);
                deleteThoseOfStoppedJvms(root);
                Path base = Files.createDirectories(
                        root.resolve(PREFIX + ProcessHandle.current().pid()));
                shared = start(base);
                Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                    try {
                        shared.cluster.shutdown(true);
                    } finally { // also when the shutdown fails (Hadoop's own hooks may have closed its file systems)
                        deleteTree(base);
                    }
                }));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return shared;
    }

    private static void deleteThoseOfStoppedJvms(Path root) throws IOException {
        try (Stream<Path> dirs = Files.list(root)) {
            dirs.filter(d -> d.getFileName().toString().startsWith(PREFIX))
                    .filter(d -> !jvmRunning(d.getFileName().toString().substring(PREFIX.length())))
                    .forEach(MiniHdfs::deleteTree);
        }
    }

    private static boolean jvmRunning(String pid) {
        try {
            return ProcessHandle.of(Long.parseLong(pid))
                    .map(ProcessHandle::isAlive)
                    .orElse(false);
        } catch (NumberFormatException e) {
            return false;
        }
    }

    private static MiniHdfs start(Path baseDir) {
        // The NameNode and DataNode log every block at INFO and a dozen harmless warnings at start-up.
        Configurator.setLevel("org.apache.hadoop", Level.ERROR);
        Configuration conf = new Configuration();
        conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, baseDir.toAbsolutePath().toString());
        conf.setBoolean("dfs.permissions.enabled", true);
        conf.setInt("dfs.replication", 1);
        try {
            MiniDFSCluster cluster = new MiniDFSCluster.Builder(conf)
                    .numDataNodes(1)
                    .format(true)
                    .build();
            cluster.waitActive();
            // World-writable /tmp, as on a real cluster, for tests running as another user.
            FileSystem fs = cluster.getFileSystem();
            fs.mkdirs(new org.apache.hadoop.fs.Path("/tmp"));
            fs.setPermission(new org.apache.hadoop.fs.Path("/tmp"), new FsPermission((short) 01777));
            return new MiniHdfs(cluster);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start MiniDFSCluster: " + e.getMessage(), e);
        }
    }

    /** {@code hdfs://localhost:PORT} followed by {@code path} (which starts with '/'). */
    public String uri(String path) {
        return "hdfs://localhost:" + cluster.getNameNodePort() + path;
    }

    /** The file system as the superuser. */
    public FileSystem fileSystem() {
        try {
            return cluster.getFileSystem();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException ignored) {
            // temporary directory; best effort (a file may vanish during the walk)
        }
    }
}
