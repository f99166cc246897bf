package org.capsnet.spark;

import java.io.Serializable;

/**
 * The whole of a training task's input: which worker of which round it is and which minibatches of the epoch's
 * plan it fits ({@code count} from {@code firstMinibatch}). A few bytes; the executor reads the examples itself.
 */
final class ShardTask implements Serializable {
    private static final long serialVersionUID = 1L;

    final int round;
    final int worker;
    final int firstMinibatch;
    final int count;

    ShardTask(int round, int worker, int firstMinibatch, int count) {
        this.round = round;
        this.worker = worker;
        this.firstMinibatch = firstMinibatch;
        this.count = count;
    }

    @Override
    public String toString() {
        return "round " + round + " worker " + worker + ": minibatches " + firstMinibatch + ".."
                + (firstMinibatch + count - 1);
    }
}
