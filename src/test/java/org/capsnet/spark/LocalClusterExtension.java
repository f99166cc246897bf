package org.capsnet.spark;

import java.nio.file.Path;
import org.capsnet.TempDirs;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One {@link LocalCluster} for all tests of a class: started before the first, stopped (and its script logs
 * deleted) after the last, also when a test fails. Register it as
 * {@code @RegisterExtension static final LocalClusterExtension CLUSTER = new LocalClusterExtension(2);}.
 */
final class LocalClusterExtension implements BeforeAllCallback, AfterAllCallback {
    private final int workers;
    private Path logs;
    private LocalCluster cluster;

    LocalClusterExtension(int workers) {
        this.workers = workers;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        logs = TempDirs.create("capsnet-cluster-logs");
        cluster = LocalCluster.start(logs, workers);
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        try {
            if (cluster != null) {
                cluster.close();
            }
        } finally {
            cluster = null;
            TempDirs.deleteRecursively(logs);
        }
    }

    LocalCluster get() {
        if (cluster == null) {
            throw new IllegalStateException("the local cluster runs only while the test class does");
        }
        return cluster;
    }
}
