package org.capsnet.train;

import java.io.Serializable;

/**
 * A pseudo-random permutation of 0..n-1 that is computed, not stored: position p maps to example
 * {@link #exampleAt}(p) through a four-round Feistel network on the smallest even number of bits that covers n,
 * walking the cycle until the value falls below n. A bijection whatever the key, O(1) memory however large n is
 * (60 M MultiMNIST pairs need no 240 MB array on the driver), and any worker can compute any position.
 */
public final class ShuffledOrder implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final int ROUNDS = 4;

    private final long n;
    private final int halfBits;
    private final long halfMask;
    private final long[] keys = new long[ROUNDS];

    public ShuffledOrder(long n, long key) {
        if (n < 1) {
            throw new IllegalArgumentException("need at least one element, got " + n);
        }
        this.n = n;
        int bits = Math.max(2, 64 - Long.numberOfLeadingZeros(n - 1));
        this.halfBits = (bits + 1) / 2;
        this.halfMask = (1L << halfBits) - 1;
        long k = key;
        for (int r = 0; r < ROUNDS; r++) {
            k = mix(k + 0x9E3779B97F4A7C15L);
            keys[r] = k;
        }
    }

    public long size() {
        return n;
    }

    /** The element at position {@code p} of the permutation, 0 <= p < n. */
    public long exampleAt(long p) {
        if (p < 0 || p >= n) {
            throw new IndexOutOfBoundsException("position " + p + " of " + n);
        }
        long x = p;
        do {
            x = encrypt(x);
        } while (x >= n); // cycle walking: the domain is at most 4n, so a few steps on average
        return x;
    }

    private long encrypt(long x) {
        long left = x >>> halfBits;
        long right = x & halfMask;
        for (long key : keys) {
            long next = left ^ (mix(right ^ key) & halfMask);
            left = right;
            right = next;
        }
        return (left << halfBits) | right;
    }

    /** SplitMix64 finaliser. */
    static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
