package org.capsnet.spark;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.capsnet.eval.EvaluationResult;
import org.capsnet.model.NetworkArchitecture;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/**
 * Test-set evaluation on the executors: the network's configuration and parameters go out in one broadcast,
 * each partition of test minibatches is scored by {@link ScorePartition}, and the counts are summed on the driver.
 */
public final class SparkEvaluator {
    private final JavaSparkContext sc;
    private final JavaRDD<MultiDataSet> test;
    private final int threads;

    /** {@code test}: data minibatches (features {images}, labels {targets}); kept in memory here. */
    public SparkEvaluator(JavaSparkContext sc, JavaRDD<MultiDataSet> test, int threadsPerWorker) {
        this.sc = sc;
        this.test = test.setName("test minibatches").cache();
        this.threads = threadsPerWorker;
    }

    public EvaluationResult evaluate(ComputationGraph graph, NetworkArchitecture arch) {
        Broadcast<ScorePartition.Model> model = sc.broadcast(
                new ScorePartition.Model(graph.getConfiguration().toJson(), graph.params()));
        try {
            ScorePartition.Counts counts = test.mapPartitions(new ScorePartition(arch, model, threads, 100))
                    .reduce(new ScorePartition.Sum());
            return counts.result();
        } finally {
            model.destroy();
            if (sc.isLocal()) {
                Nd4jThreads.restoreDefault();
            }
        }
    }
}
