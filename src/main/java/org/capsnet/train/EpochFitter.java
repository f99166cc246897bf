package org.capsnet.train;

import org.deeplearning4j.nn.graph.ComputationGraph;

/** Fits a network for one epoch: on this machine ({@link LocalEpochFitter}) or on Spark executors. */
public interface EpochFitter {
    /**
     * Runs one pass over the training data. The data order and augmentation must depend only on the seed and
     * {@code epoch}, so that a resumed run sees the same data as an uninterrupted one.
     */
    EpochStats fit(ComputationGraph graph, int epoch, ProgressBar progress);
}
