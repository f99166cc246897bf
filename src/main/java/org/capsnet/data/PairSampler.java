package org.capsnet.data;

import java.io.Serializable;
import java.util.Random;

/**
 * Draws the MultiMNIST pairs of one split: for source digit i, {@code pairsPerDigit} partners of a different class
 * chosen uniformly from the same split, and independent shifts dx, dy uniform in [-shift, shift] for each digit.
 * Each source digit has its own random stream seeded from (seed, split, i), so the pairs are the same whatever
 * order or partition generates them.
 */
public final class PairSampler implements Serializable {
    private static final long serialVersionUID = 1L;

    private final int[] labels;
    private final int pairsPerDigit;
    private final int shift;
    private final long seed;

    public PairSampler(int[] labels, int pairsPerDigit, int shift, long seed, Split split) {
        this.labels = labels;
        this.pairsPerDigit = pairsPerDigit;
        this.shift = shift;
        this.seed = mix(seed * 31 + split.ordinal());
    }

    /** The {@code pairsPerDigit} pairs whose first digit is source digit {@code i}. */
    public PairSpec[] pairsFor(int i) {
        Random r = streamOf(i);
        PairSpec[] out = new PairSpec[pairsPerDigit];
        for (int k = 0; k < pairsPerDigit; k++) {
            out[k] = next(i, r);
        }
        return out;
    }

    /** Pair {@code k} of source digit {@code i}, the same as {@code pairsFor(i)[k]} (draws the k before it). */
    public PairSpec pairFor(int i, int k) {
        if (k < 0 || k >= pairsPerDigit) {
            throw new IndexOutOfBoundsException("pair " + k + " of " + pairsPerDigit);
        }
        Random r = streamOf(i);
        for (int skipped = 0; skipped < k; skipped++) {
            next(i, r);
        }
        return next(i, r);
    }

    private Random streamOf(int i) {
        return new Random(mix(seed ^ (0x9E3779B97F4A7C15L * (i + 1))));
    }

    private PairSpec next(int i, Random r) {
        int span = 2 * shift + 1;
        int j;
        do {
            j = r.nextInt(labels.length);
        } while (labels[j] == labels[i]);
        return new PairSpec(
                i,
                j,
                r.nextInt(span) - shift,
                r.nextInt(span) - shift,
                r.nextInt(span) - shift,
                r.nextInt(span) - shift);
    }

    public int pairsPerDigit() {
        return pairsPerDigit;
    }

    /** SplitMix64 finaliser: spreads nearby seeds into unrelated ones. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
