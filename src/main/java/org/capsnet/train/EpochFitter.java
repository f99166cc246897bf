package org.capsnet.train;

import org.capsnet.eval.EvaluationResult;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * Fits a network round by round: on this machine ({@link LocalEpochFitter}, a round is one minibatch) or on Spark
 * executors (a round is F minibatches per worker, then parameter averaging). Rounds follow an {@link EpochPlan},
 * so they depend only on the seed, the epoch and the round: a resumed run repeats exactly what it continues.
 */
public interface EpochFitter {
    /** The number of rounds of {@code epoch}. */
    int rounds(int epoch);

    /** Runs round {@code round} of {@code epoch} and updates {@code graph} (parameters, optimiser state, step). */
    RoundStats fitRound(ComputationGraph graph, int epoch, int round);

    /** Scores the network on the test split, or null without one. */
    EvaluationResult evaluate(ComputationGraph graph);

    /** The training examples of an epoch. */
    long trainingExamples();
}
