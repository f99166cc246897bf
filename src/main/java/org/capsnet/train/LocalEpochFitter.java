package org.capsnet.train;

import org.capsnet.data.DataSource;
import org.capsnet.data.ExampleReaders;
import org.capsnet.data.ExampleSet;
import org.capsnet.eval.EvaluationResult;
import org.capsnet.eval.Evaluator;
import org.capsnet.model.NetworkArchitecture;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * Single-machine training: a round is one {@link MinibatchStep} on minibatch {@code round} of the epoch's
 * {@link EpochPlan}; the test split (its first {@code testLimit} examples) is scored in this JVM.
 */
public final class LocalEpochFitter implements EpochFitter {
    private final NetworkArchitecture arch;
    private final TrainingConfig config;
    private final ExampleSet train;
    private final ExampleSet test;
    private final long testLimit;
    private final MinibatchStep step;
    private EpochPlan plan;

    /** {@code test} may be null; {@code data} says how many test examples to score. */
    public LocalEpochFitter(
            NetworkArchitecture arch, TrainingConfig config, DataSource data, ExampleSet train, ExampleSet test) {
        this.arch = arch;
        this.config = config;
        this.train = train;
        this.test = test;
        this.testLimit = test == null ? 0 : data.testExamples(test.size());
        this.step = new MinibatchStep(arch, ExampleReaders.cached(train), config.maxShift());
    }

    @Override
    public int rounds(int epoch) {
        return plan(epoch).minibatches();
    }

    @Override
    public RoundStats fitRound(ComputationGraph graph, int epoch, int round) {
        long start = System.nanoTime();
        MinibatchStep.Result r = step.fit(graph, plan(epoch), round);
        double seconds = (System.nanoTime() - start) / 1e9;
        return new RoundStats(
                r.loss() * r.examples(), r.examples(), 1, r.learningRate(), r.adamStep(), 1, seconds, 0, seconds, 0);
    }

    @Override
    public EvaluationResult evaluate(ComputationGraph graph) {
        if (test == null) {
            return null;
        }
        return Evaluator.evaluate(graph, arch, test, 0, testLimit, 100);
    }

    @Override
    public long trainingExamples() {
        return train.size();
    }

    private EpochPlan plan(int epoch) {
        if (plan == null || plan.epoch() != epoch) {
            plan = new EpochPlan(train.size(), config.batchSize(), config.seed(), epoch);
        }
        return plan;
    }
}
