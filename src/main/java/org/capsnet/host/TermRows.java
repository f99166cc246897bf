package org.capsnet.host;

/**
 * Up to four rows of a float array, each a sum's operand over {@code terms}: row r's term m is the n floats from
 * {@code from + r * rowStride + m * termStride}. The operands of {@link FloatRows#sumsOfProducts}.
 */
public record TermRows(float[] data, int from, int rowStride, int termStride, int rows) {
    /** Blocks of four rows take the register-blocked SIMD kernel; other counts, one output at a time. */
    public static final int BLOCK = 4;

    public TermRows {
        if (rows < 1 || rows > BLOCK) {
            throw new IllegalArgumentException("1 to " + BLOCK + " rows, not " + rows);
        }
    }

    int start(int row, int term) {
        return from + row * rowStride + term * termStride;
    }
}
