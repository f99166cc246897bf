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
        Random r = new Random(mix(seed ^ (0x9E3779B97F4A7C15L * (i + 1))));
        PairSpec[] out = new PairSpec[pairsPerDigit];
        int span = 2 * shift + 1;
        for (int k = 0; k < pairsPerDigit; k++) {
            int j;
            do {
                j = r.nextInt(labels.length);
            } while (labels[j] == labels[i]);
            out[k] = new PairSpec(i, j, r.nextInt(span) - shift, r.nextInt(span) - shift,
                    r.nextInt(span) - shift, r.nextInt(span) - shift);
        }
        return out;
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
