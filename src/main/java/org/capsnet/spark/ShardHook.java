package org.capsnet.spark;

import java.io.Serializable;

/** Runs on the executor before a training task fits its minibatches (tests inject failures through it). */
@FunctionalInterface
public interface ShardHook extends Serializable {
    void beforeFit(int round, int worker);
}
