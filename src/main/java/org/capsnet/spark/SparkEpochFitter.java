package org.capsnet.spark;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.capsnet.InvalidInputException;
import org.capsnet.data.DataSource;
import org.capsnet.data.ExampleSet;
import org.capsnet.eval.EvaluationResult;
import org.capsnet.model.NetworkArchitecture;
import org.capsnet.train.EpochFitter;
import org.capsnet.train.EpochPlan;
import org.capsnet.train.RoundStats;
import org.capsnet.train.TrainingConfig;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Synchronous parameter averaging on Spark, one Spark job per round. The epoch's {@link EpochPlan} is cut into
 * rounds of W x F minibatches; in round r worker w fits minibatches r*W*F + w*F .. + F-1 (fewer in the last round).
 * The driver broadcasts parameters, Adam state, the global Adam step and the epoch ({@link RoundState}); each task
 * carries only its {@link ShardTask} and reads its examples on the executor ({@link FitShard}); a tree reduce sums
 * the workers' parameters and state, and the driver sets their mean and advances the step count by the round's
 * steps. With one worker and F = 1 this is step for step the single-machine trainer. The given graph is updated in
 * place; the test split is scored on the executors ({@link SparkEvaluator}).
 */
public final class SparkEpochFitter implements EpochFitter {
    private static final Logger LOG = LoggerFactory.getLogger(SparkEpochFitter.class);

    private final JavaSparkContext sc;
    private final NetworkArchitecture arch;
    private final TrainingConfig config;
    private final SparkTrainerConfig spark;
    private final ExampleSet train;
    private final SparkEvaluator evaluator;
    private final int workers;
    private ShardHook hook;
    private EpochPlan plan;
    private String configurationJson;

    /** {@code test} may be null; {@code workers}: resolved worker count (see {@link ClusterSlots}). */
    public SparkEpochFitter(
            JavaSparkContext sc,
            NetworkArchitecture arch,
            TrainingConfig config,
            SparkTrainerConfig spark,
            int workers,
            DataSource data,
            ExampleSet train,
            ExampleSet test) {
        this.sc = sc;
        this.arch = arch;
        this.config = config;
        this.spark = spark;
        this.train = train;
        this.workers = workers;
        this.evaluator = test == null
                ? null
                : new SparkEvaluator(sc, arch, test, data.testExamples(test.size()), workers, spark.threadsPerWorker());
        LOG.info(
                "{} training examples in minibatches of {} per worker, {} workers averaging every {} minibatches; "
                        + "{}",
                train.size(),
                config.batchSize(),
                workers,
                spark.averagingFrequency(),
                spark);
    }

    /** Runs {@code hook} before every training task fits (tests inject failures this way). */
    public SparkEpochFitter withHook(ShardHook hook) {
        this.hook = hook;
        return this;
    }

    public int workers() {
        return workers;
    }

    @Override
    public long trainingExamples() {
        return train.size();
    }

    @Override
    public int rounds(int epoch) {
        int perRound = workers * spark.averagingFrequency();
        return (plan(epoch).minibatches() + perRound - 1) / perRound;
    }

    /** The tasks of a round: the workers that have minibatches left (all but possibly in the last round). */
    List<ShardTask> tasks(int epoch, int round) {
        int f = spark.averagingFrequency();
        int total = plan(epoch).minibatches();
        List<ShardTask> tasks = new ArrayList<>(workers);
        for (int w = 0; w < workers; w++) {
            int first = (round * workers + w) * f;
            int count = Math.min(f, total - first);
            if (count > 0) {
                tasks.add(new ShardTask(round, w, first, count));
            }
        }
        return tasks;
    }

    @Override
    public RoundStats fitRound(ComputationGraph graph, int epoch, int round) {
        long start = System.nanoTime();
        ComputationGraphConfiguration conf = graph.getConfiguration();
        long iteration = conf.getIterationCount();
        INDArray updaterState = graph.getUpdater().getStateViewArray(); // null for a stateless updater (SGD)
        Broadcast<RoundState> state = sc.broadcast(new RoundState(
                configurationJson(graph),
                graph.params().dup(),
                updaterState == null ? null : updaterState.dup(),
                iteration,
                epoch));
        double broadcastSeconds = (System.nanoTime() - start) / 1e9;
        List<ShardTask> tasks = tasks(epoch, round);
        WorkerResult sum;
        try {
            sum = SparkFailures.rethrowBadInput(() -> sc.parallelize(tasks, tasks.size())
                    .mapPartitions(new FitShard(
                            arch, train, plan(epoch), config.maxShift(), state, spark.threadsPerWorker(), hook))
                    .treeReduce(new SumResults(), spark.treeDepth()));
        } finally {
            state.destroy();
        }
        if (sum.badInput != null) {
            throw new InvalidInputException(sum.badInput);
        }
        graph.setParams(sum.parameters.divi(sum.workers));
        if (sum.updaterState != null) {
            graph.getUpdater().setStateViewArray(sum.updaterState.divi(sum.workers));
        }
        conf.setIterationCount((int) (iteration + sum.maxSteps));
        conf.setEpochCount(epoch);
        double seconds = (System.nanoTime() - start) / 1e9;
        double fetch = sum.fetchSeconds / sum.workers;
        double fit = sum.fitSeconds / sum.workers;
        return new RoundStats(
                sum.lossSum,
                sum.examples,
                sum.maxSteps,
                sum.learningRate,
                sum.adamStep,
                sum.workers,
                seconds,
                broadcastSeconds + fetch,
                fit,
                Math.max(0, seconds - broadcastSeconds - fetch - fit));
    }

    @Override
    public EvaluationResult evaluate(ComputationGraph graph) {
        return evaluator == null ? null : evaluator.evaluate(graph);
    }

    /** The configuration without its step counters (which travel in the {@link RoundState}): one pool key. */
    private String configurationJson(ComputationGraph graph) {
        if (configurationJson == null) {
            configurationJson = GraphPool.keyOf(graph.getConfiguration());
        }
        return configurationJson;
    }

    private EpochPlan plan(int epoch) {
        if (plan == null || plan.epoch() != epoch) {
            plan = new EpochPlan(train.size(), config.batchSize(), config.seed(), epoch);
        }
        return plan;
    }
}
