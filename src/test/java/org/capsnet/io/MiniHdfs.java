package org.capsnet.io;

import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.hdfs.MiniDFSCluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * An in-process HDFS for tests: one NameNode and one DataNode (MiniDFSCluster from hadoop-client-minicluster) with
 * their storage under a temporary directory, on a free loopback port. Permissions are checked; the user who
 * started it is the HDFS superuser. Close it in finally (or @AfterAll).
 */
public final class MiniHdfs implements AutoCloseable {
    private final MiniDFSCluster cluster;

    private MiniHdfs(MiniDFSCluster cluster) {
        this.cluster = cluster;
    }

    /** Starts the cluster with its storage in {@code baseDir} and waits until it is active. */
    public static MiniHdfs start(Path baseDir) {
        Configuration conf = new Configuration();
        conf.set(MiniDFSCluster.HDFS_MINIDFS_BASEDIR, baseDir.toAbsolutePath().toString());
        conf.setBoolean("dfs.permissions.enabled", true);
        conf.setInt("dfs.replication", 1);
        try {
            MiniDFSCluster cluster = new MiniDFSCluster.Builder(conf).numDataNodes(1).format(true).build();
            cluster.waitActive();
            return new MiniHdfs(cluster);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start MiniDFSCluster: " + e.getMessage(), e);
        }
    }

    /** {@code hdfs://127.0.0.1:PORT} + path (path starts with '/'). */
    public String uri(String path) {
        return "hdfs://" + cluster.getNameNode().getNameNodeAddress().getHostString() + ":"
                + cluster.getNameNodePort() + path;
    }

    /** The file system as the superuser (the user who started the cluster). */
    public FileSystem fileSystem() {
        try {
            return cluster.getFileSystem();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        cluster.shutdown(true);
    }
}
