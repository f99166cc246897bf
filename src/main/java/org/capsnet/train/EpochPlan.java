package org.capsnet.train;

import java.io.Serializable;
import java.util.Random;

/**
 * What one epoch trains on, in order, as a function of (seed, epoch) alone: the examples in a fresh pseudo-random
 * order ({@link ShuffledOrder}), cut into minibatches of {@code batchSize} (the last may be smaller), and the random
 * stream of each minibatch's augmentation. The single-machine trainer and every Spark worker compute the same
 * plan, so a worker's minibatch k is the one-machine minibatch k, a retried task repeats it exactly, and a resumed
 * run continues it. Every example can land on any worker in any epoch.
 */
public final class EpochPlan implements Serializable {
    private static final long serialVersionUID = 1L;

    private final long examples;
    private final int batchSize;
    private final long seed;
    private final int epoch;
    private final ShuffledOrder order;

    public EpochPlan(long examples, int batchSize, long seed, int epoch) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1, got " + batchSize);
        }
        this.examples = examples;
        this.batchSize = batchSize;
        this.seed = seed;
        this.epoch = epoch;
        this.order = examples == 0 ? null : new ShuffledOrder(examples, ShuffledOrder.mix(seed * 1_000_003L + epoch));
    }

    public int epoch() {
        return epoch;
    }

    public long examples() {
        return examples;
    }

    public int minibatches() {
        return Math.toIntExact((examples + batchSize - 1) / batchSize);
    }

    /** The example ids of minibatch {@code k}, in order. */
    public long[] exampleIds(int k) {
        long from = (long) k * batchSize;
        if (k < 0 || from >= examples) {
            throw new IndexOutOfBoundsException("minibatch " + k + " of " + minibatches());
        }
        long[] ids = new long[(int) Math.min(batchSize, examples - from)];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = order.exampleAt(from + i);
        }
        return ids;
    }

    /** The random stream of minibatch {@code k}'s augmentation. */
    public Random augmentation(int k) {
        return new Random(ShuffledOrder.mix(ShuffledOrder.mix(seed ^ 0x5DEECE66DL) + epoch * 0x100000001B3L + k));
    }
}
