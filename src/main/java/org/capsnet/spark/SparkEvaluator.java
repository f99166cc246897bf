package org.capsnet.spark;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.capsnet.InvalidInputException;
import org.capsnet.data.ExampleSet;
import org.capsnet.eval.EvaluationResult;
import org.capsnet.model.NetworkArchitecture;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * Test-set evaluation on the executors: the network's configuration and parameters go out in one broadcast, the
 * first {@code examples} evaluation positions of the test set are cut into ranges (a few per worker), each task
 * reads and scores its range ({@link ScorePartition}), and the counts are summed on the driver. No image passes
 * through the driver.
 */
public final class SparkEvaluator {
    private static final int RANGES_PER_WORKER = 2;

    private final JavaSparkContext sc;
    private final NetworkArchitecture arch;
    private final ExampleSet test;
    private final long examples;
    private final int workers;
    private final int threads;

    public SparkEvaluator(
            JavaSparkContext sc,
            NetworkArchitecture arch,
            ExampleSet test,
            long examples,
            int workers,
            int threadsPerWorker) {
        this.sc = sc;
        this.arch = arch;
        this.test = test;
        this.examples = Math.min(examples, test.size());
        this.workers = Math.max(1, workers);
        this.threads = threadsPerWorker;
    }

    public EvaluationResult evaluate(ComputationGraph graph) {
        Broadcast<ScorePartition.Model> model =
                sc.broadcast(new ScorePartition.Model(GraphPool.keyOf(graph.getConfiguration()), graph.params()));
        try {
            List<ScorePartition.Range> ranges = ranges(examples, workers * RANGES_PER_WORKER);
            ScorePartition.Counts counts = SparkFailures.rethrowBadInput(() -> sc.parallelize(ranges, ranges.size())
                    .mapPartitions(new ScorePartition(arch, test, model, threads, 100))
                    .reduce(new ScorePartition.Sum()));
            if (counts.badInput != null) {
                throw new InvalidInputException(counts.badInput);
            }
            return counts.result();
        } finally {
            model.destroy();
            if (sc.isLocal()) {
                Nd4jThreads.restoreDefault();
            }
        }
    }

    /** At most {@code parts} ranges of nearly equal length covering 0..n-1. */
    static List<ScorePartition.Range> ranges(long n, int parts) {
        int p = (int) Math.max(1, Math.min(parts, n));
        List<ScorePartition.Range> out = new ArrayList<>(p);
        for (int i = 0; i < p; i++) {
            out.add(new ScorePartition.Range(n * i / p, n * (i + 1) / p));
        }
        return out;
    }
}
