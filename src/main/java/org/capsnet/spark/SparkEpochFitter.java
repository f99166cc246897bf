package org.capsnet.spark;

import org.apache.spark.HashPartitioner;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.util.DoubleAccumulator;
import org.apache.spark.util.LongAccumulator;
import org.capsnet.data.LabelledImages;
import org.capsnet.eval.EvaluationResult;
import org.capsnet.model.NetworkArchitecture;
import org.capsnet.train.EpochFitter;
import org.capsnet.train.EpochStats;
import org.capsnet.train.ProgressBar;
import org.capsnet.train.TrainingConfig;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.spark.api.RDDTrainingApproach;
import org.deeplearning4j.spark.api.Repartition;
import org.deeplearning4j.spark.api.TrainingHook;
import org.deeplearning4j.spark.impl.graph.SparkComputationGraph;
import org.deeplearning4j.spark.impl.paramavg.ParameterAveragingTrainingMaster;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;

/**
 * Data-parallel epochs with dl4j-spark's synchronous parameter averaging. The data minibatches of --batch-size are
 * dealt round-robin over W partitions (one per worker) and kept in memory; every epoch each partition is shuffled
 * and shifted on its executor ({@link AugmentPartition}), then {@link ParameterAveragingTrainingMaster} runs rounds
 * in which each worker fits F minibatches from the driver's parameters and Adam state, and the driver sets both to
 * the mean over workers. The given ComputationGraph is updated in place, so it carries the parameters (and
 * updater state) from epoch to epoch and to evaluation and checkpoints. With {@link #withTestData} the test split
 * is scored on the executors ({@link SparkEvaluator}), else on the driver.
 */
public final class SparkEpochFitter implements EpochFitter {
    private static final Logger LOG = LoggerFactory.getLogger(SparkEpochFitter.class);

    private final JavaSparkContext sc;
    private final NetworkArchitecture arch;
    private final TrainingConfig config;
    private final SparkTrainerConfig spark;
    private final int workers;
    private final JavaRDD<MultiDataSet> data;
    private final int groupsPerPartition;
    private final List<TrainingHook> extraHooks = new ArrayList<>();
    private AveragingTimes lastTimes = new AveragingTimes(0, 0, 0, 0);
    private SparkEvaluator evaluator;

    /**
     * {@code minibatches}: data minibatches (features {images [b, P]}, labels {targets [b, J], ...}) of
     * {@code config.batchSize()} examples, e.g. from {@link org.capsnet.data.SparkDataLoader}.
     */
    public SparkEpochFitter(JavaSparkContext sc, NetworkArchitecture arch, TrainingConfig config, SparkTrainerConfig spark,
            JavaRDD<MultiDataSet> minibatches) {
        this.sc = sc;
        this.arch = arch;
        this.config = config;
        this.spark = spark;
        this.workers = spark.workersOn(sc.defaultParallelism());
        this.data = minibatches.zipWithIndex().mapToPair(new IndexByPosition())
                .partitionBy(new HashPartitioner(workers)).values()
                .setName("training minibatches").persist(spark.storageLevel());
        long count = data.count();
        this.groupsPerPartition = groupsPerPartition(count, workers, spark.averagingFrequency());
        LOG.info("{} training minibatches of {} over {} workers, dealt into {} per worker each epoch; {}", count,
                config.batchSize(), workers, groupsPerPartition, spark);
    }

    /**
     * dl4j-spark makes floor(total / (W * F)) rounds and lets a worker fit at most F minibatches of B in a round,
     * dropping the rest of its share. So that every example is used every epoch, each partition's examples (at most
     * ceil(count / W) minibatches of B) are dealt into the same number of groups, a multiple of F: then every round
     * gives each worker exactly F groups of at most B examples, which it fits as at most F minibatches of B.
     */
    static int groupsPerPartition(long minibatches, int workers, int averagingFrequency) {
        long perWorker = (minibatches + workers - 1) / workers;
        return (int) (averagingFrequency * ((perWorker + averagingFrequency - 1) / averagingFrequency));
    }

    /** Adds a hook that runs around every minibatch step on the executors (tests inject failures this way). */
    public SparkEpochFitter withHook(TrainingHook hook) {
        extraHooks.add(hook);
        return this;
    }

    /**
     * Scores the test split on the executors from these minibatches (data format as the training ones) instead of
     * on the driver.
     */
    public SparkEpochFitter withTestData(JavaRDD<MultiDataSet> testMinibatches) {
        evaluator = new SparkEvaluator(sc, testMinibatches, spark.threadsPerWorker());
        return this;
    }

    @Override
    public EvaluationResult evaluate(ComputationGraph graph, NetworkArchitecture arch, LabelledImages test) {
        return evaluator == null ? EpochFitter.super.evaluate(graph, arch, test) : evaluator.evaluate(graph, arch);
    }

    public int workers() {
        return workers;
    }

    /** The time split and the number of averaging rounds of the last epoch. */
    public AveragingTimes lastTimes() {
        return lastTimes;
    }

    @Override
    public EpochStats fit(ComputationGraph graph, int epoch, ProgressBar progress) {
        long start = System.nanoTime();
        DoubleAccumulator lossSum = sc.sc().doubleAccumulator("loss sum, epoch " + epoch);
        LongAccumulator examples = sc.sc().longAccumulator("examples, epoch " + epoch);
        List<TrainingHook> hooks = new ArrayList<>();
        hooks.add(new StepHook(lossSum, examples, spark.threadsPerWorker()));
        hooks.addAll(extraHooks);
        ParameterAveragingTrainingMaster master = new ParameterAveragingTrainingMaster.Builder(workers,
                config.batchSize())
                .batchSizePerWorker(config.batchSize())
                .averagingFrequency(spark.averagingFrequency())
                .saveUpdater(true)
                .workerPrefetchNumBatches(0)
                .rddTrainingApproach(RDDTrainingApproach.Direct)
                .repartionData(Repartition.Never)
                .storageLevel(spark.storageLevel())
                .rngSeed(AugmentPartition.partitionSeed(config.seed(), epoch, -1))
                .collectTrainingStats(true)
                .trainingHooks(hooks)
                .build();
        JavaRDD<MultiDataSet> augmented = data.mapPartitionsWithIndex(
                new AugmentPartition(arch, config.seed(), epoch, config.maxShift(), spark.threadsPerWorker(),
                        groupsPerPartition), true)
                .setName("augmented minibatches, epoch " + epoch);
        try {
            SparkComputationGraph sparkGraph = new SparkComputationGraph(sc, graph, master);
            sparkGraph.fitMultiDataSet(augmented);
            if (sparkGraph.getNetwork() != graph) {
                throw new IllegalStateException("dl4j-spark replaced the network instead of updating it");
            }
        } finally {
            augmented.unpersist(false);
            if (sc.isLocal()) {
                Nd4jThreads.restoreDefault(); // the driver shares this JVM: evaluation may use every core again
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        lastTimes = AveragingTimes.of(master.getTrainingStats(), workers);
        long n = examples.value();
        double meanLoss = n == 0 ? Double.NaN : lossSum.value() / n;
        progress.advance(n, meanLoss);
        LOG.info("epoch {}: {} averaging rounds; broadcast {} s, fit {} s, aggregate {} s of {} s", epoch + 1,
                lastTimes.rounds(), fmt(lastTimes.broadcastSeconds()), fmt(lastTimes.fitSeconds()),
                fmt(lastTimes.aggregateSeconds()), fmt(seconds));
        return new EpochStats(meanLoss, n, seconds, lastTimes.broadcastSeconds(), lastTimes.fitSeconds(),
                lastTimes.aggregateSeconds());
    }

    private static String fmt(double v) {
        return String.format("%.2f", v);
    }
}
