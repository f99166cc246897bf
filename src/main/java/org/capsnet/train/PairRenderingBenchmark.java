package org.capsnet.train;

import org.capsnet.data.ExampleReader;
import org.capsnet.data.ExampleSet;

/**
 * How fast one thread turns example ids into training rows (for on-the-fly MultiMNIST: sample, render, convert to
 * floats): the rate a Spark task's data path can feed its training steps.
 */
public final class PairRenderingBenchmark {
    private PairRenderingBenchmark() {}

    /** Examples per second over {@code count} reads of {@code batch} spread-out ids, after one warm-up batch. */
    public static double examplesPerSecond(ExampleSet set, int batch, int count) {
        ExampleReader reader = set.open();
        long stride = Math.max(1, set.size() / ((long) batch * (count + 1)));
        long next = 0;
        long[] ids = new long[batch];
        long start = 0;
        for (int round = 0; round <= count; round++) {
            if (round == 1) {
                start = System.nanoTime();
            }
            for (int i = 0; i < batch; i++) {
                ids[i] = next % set.size();
                next += stride;
            }
            reader.read(ids);
        }
        return (double) batch * count / ((System.nanoTime() - start) / 1e9);
    }
}
