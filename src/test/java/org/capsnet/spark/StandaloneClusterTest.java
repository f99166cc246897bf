package org.capsnet.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.capsnet.data.TestData;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end on a real standalone cluster on loopback: submit/local-cluster.sh starts a master and two 1-core
 * workers from target/spark-home (made by `mvn package`), submit/spark-submit-standalone.sh submits the shaded jar
 * with `train --master spark://...`, then `evaluate` scores the saved model; then the same in cluster deploy mode
 * (driver on a worker) with file:// URIs. The cluster is stopped whatever happens ({@link LocalCluster#close()}).
 */
@Tag("integration")
class StandaloneClusterTest {
    @TempDir
    Path tmp;

    @Test
    void trainInClientAndClusterDeployModeThenEvaluateTheSavedModels() throws Exception {
        Path data = tmp.resolve("data");
        TestData.mnistSubset(data, 300, 100);
        Path model = tmp.resolve("model.zip");
        Path metrics = tmp.resolve("metrics.jsonl");
        try (LocalCluster cluster = LocalCluster.start(tmp.resolve("logs"), 2)) {
            String master = cluster.master();
            SubmitScripts.Result trained = cluster.submit(
                    "train",
                    900,
                    "train",
                    "--master",
                    master,
                    "--data",
                    data.toString(),
                    "--epochs",
                    "1",
                    "--batch-size",
                    "25",
                    "--workers",
                    "2",
                    "--averaging-frequency",
                    "2",
                    "--model-out",
                    model.toString(),
                    "--metrics-out",
                    metrics.toString());
            assertEquals(0, trained.code(), trained.err());
            assertTrue(trained.out().contains("trained 1 epochs"), trained.out());
            assertTrue(Files.size(model) > 0);
            List<String> records = Files.readAllLines(metrics);
            String line = records.get(records.size() - 1); // the epoch record, after the round records
            assertTrue(line.contains("\"examples\":300") || line.contains("\"examples\" : 300"), line);
            assertTrue(trained.err().contains("spark://") || trained.out().contains("spark://"), "ran on the cluster");

            String json = SubmitScripts.evaluateJson(model.toString(), data.toString());
            assertTrue(json.contains("\"accuracy\"") && json.replace(" ", "").contains("\"examples\":100"), json);

            // Cluster deploy mode: the master starts the driver on a worker; it reads the data and writes the model
            // through file:// URIs (the disk the loopback workers share), and evaluate reads the model back here.
            Path small = tmp.resolve("small");
            TestData.mnistSubset(small, 100, 50);
            String dataUri = small.toUri().toString();
            String modelUri = tmp.resolve("cluster-run/model.zip").toUri().toString();
            SubmitScripts.Result clusterRun = cluster.submit(
                    "train-cluster-mode",
                    900,
                    "--deploy-mode",
                    "cluster",
                    "--",
                    "train",
                    "--master",
                    master,
                    "--data",
                    dataUri,
                    "--epochs",
                    "1",
                    "--batch-size",
                    "25",
                    "--workers",
                    "1",
                    "--model-out",
                    modelUri);
            assertEquals(0, clusterRun.code(), clusterRun.err());
            assertTrue(
                    clusterRun.err().contains("Driver running on 127.0.0.1"),
                    "the driver ran on a worker: " + clusterRun.err());
            assertTrue(
                    clusterRun.out().contains("trained 1 epochs")
                            && clusterRun.out().contains(modelUri),
                    "the driver's stdout, from the worker's work directory: " + clusterRun.out());
            String clusterJson = SubmitScripts.evaluateJson(modelUri, dataUri);
            assertTrue(clusterJson.replace(" ", "").contains("\"examples\":50"), clusterJson);
        }
    }
}
