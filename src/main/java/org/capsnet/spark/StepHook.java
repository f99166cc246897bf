package org.capsnet.spark;

import org.apache.spark.util.DoubleAccumulator;
import org.apache.spark.util.LongAccumulator;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.spark.api.TrainingHook;
import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.dataset.api.MultiDataSet;

/**
 * Runs around every minibatch step on the executors: limits ND4J's threads before the step (on the task's own
 * thread) and adds the step's loss and example count to accumulators, from which the driver gets the epoch's mean
 * loss. Spark merges accumulators of successful task attempts only, so retried tasks are not counted twice.
 */
final class StepHook implements TrainingHook {
    private static final long serialVersionUID = 1L;

    private final DoubleAccumulator lossSum;
    private final LongAccumulator examples;
    private final int threads;

    StepHook(DoubleAccumulator lossSum, LongAccumulator examples, int threads) {
        this.lossSum = lossSum;
        this.examples = examples;
        this.threads = threads;
    }

    @Override
    public void preUpdate(MultiDataSet minibatch, Model model) {
        TaskThreads.apply(threads);
    }

    @Override
    public void postUpdate(MultiDataSet minibatch, Model model) {
        long n = minibatch.getFeatures(0).size(0);
        lossSum.add(model.score() * n);
        examples.add(n);
    }

    @Override
    public void preUpdate(DataSet minibatch, Model model) {
        TaskThreads.apply(threads);
    }

    @Override
    public void postUpdate(DataSet minibatch, Model model) {
        long n = minibatch.numExamples();
        lossSum.add(model.score() * n);
        examples.add(n);
    }
}
