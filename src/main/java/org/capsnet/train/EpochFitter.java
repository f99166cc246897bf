package org.capsnet.train;

import org.capsnet.data.LabelledImages;
import org.capsnet.eval.EvaluationResult;
import org.capsnet.eval.Evaluator;
import org.capsnet.model.NetworkArchitecture;
import org.deeplearning4j.nn.graph.ComputationGraph;

/** Fits a network for one epoch: on this machine ({@link LocalEpochFitter}) or on Spark executors. */
public interface EpochFitter {
    /**
     * Runs one pass over the training data. The data order and augmentation must depend only on the seed and
     * {@code epoch}, so that a resumed run sees the same data as an uninterrupted one.
     */
    EpochStats fit(ComputationGraph graph, int epoch, ProgressBar progress);

    /**
     * Scores the network on the test split after an epoch. By default on this machine; a distributed fitter may
     * score on its cluster instead.
     */
    default EvaluationResult evaluate(ComputationGraph graph, NetworkArchitecture arch, LabelledImages test) {
        return Evaluator.evaluate(graph, arch, test, 100);
    }
}
