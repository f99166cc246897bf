package org.capsnet.host;

import java.nio.ByteBuffer;

/**
 * Dot products, axpy, sums of products, a softmax over rows and a transpose, over rows of float arrays, and an
 * addition and an Adam step over ND4J's memory: the inner loops of the Java paths of DigitCaps
 * ({@code HostPredictionVectors}, {@code HostRouting}), of col2im ({@code ColumnsNhwc}) and of the Adam updater
 * ({@code HostAdamUpdater}).
 *
 * <p>With the {@code jdk.incubator.vector} module in the JVM ({@code --add-modules=jdk.incubator.vector}, in
 * {@code conf/java17-simd.args}) they run as SIMD code ({@link SimdRows}, the CPU's widest float vectors); without
 * it, as scalar loops ({@link ScalarRows}), several times slower: HotSpot's C2 on Java 17 vectorises neither a float
 * dot product (a serial chain of additions) nor a loop over two arrays at different offsets.
 *
 * <p>The summation order depends only on the lengths and on which of the two paths runs, so results are the same on
 * every run and thread of one JVM.
 */
public final class FloatRows {
    private static final String VECTOR_MODULE = "jdk.incubator.vector";
    private static final boolean SIMD =
            ModuleLayer.boot().findModule(VECTOR_MODULE).isPresent();

    private FloatRows() {}

    /** True when the rows run as SIMD code (the vector module is in the JVM). */
    public static boolean simd() {
        return SIMD;
    }

    /**
     * How the rows run, for benchmark and info provenance: "SIMD 512-bit", or scalar with what this JVM lacks
     * ({@code submit/capsnet info} starts without the module; train, benchmark and experiment start with it).
     */
    public static String describe() {
        return SIMD
                ? "SIMD " + SimdRows.vectorBits() + "-bit"
                : "scalar (this JVM lacks --add-modules=" + VECTOR_MODULE + ")";
    }

    /** {@code sum_k a[aFrom + k] * b[bFrom + k]} for k in 0..n-1. */
    public static float dot(float[] a, int aFrom, float[] b, int bFrom, int n) {
        return SIMD ? SimdRows.dot(a, aFrom, b, bFrom, n) : ScalarRows.dot(a, aFrom, b, bFrom, n);
    }

    /** {@code y[yFrom + k] += alpha * x[xFrom + k]} for k in 0..n-1. */
    public static void axpy(float alpha, float[] x, int xFrom, float[] y, int yFrom, int n) {
        if (SIMD) {
            SimdRows.axpy(alpha, x, xFrom, y, yFrom, n);
        } else {
            ScalarRows.axpy(alpha, x, xFrom, y, yFrom, n);
        }
    }

    /**
     * {@code z[zFrom + k] = sum_m x[xFrom + m * xStride + k] * y[yFrom + m * yStride + k]} for k in 0..n-1 and m in
     * 0..terms-1: a sum of row products, kept in registers over m (no pass over z per term).
     */
    public static void sumOfProducts(
            float[] x,
            int xFrom,
            int xStride,
            float[] y,
            int yFrom,
            int yStride,
            int terms,
            float[] z,
            int zFrom,
            int n) {
        if (SIMD) {
            SimdRows.sumOfProducts(x, xFrom, xStride, y, yFrom, yStride, terms, z, zFrom, n);
        } else {
            ScalarRows.sumOfProducts(x, xFrom, xStride, y, yFrom, yStride, terms, z, zFrom, n);
        }
    }

    /**
     * Every product of a row of x with a row of y, summed over the terms: {@code z[zFrom + r * zxStride + c * zyStride
     * + k] = sum_m x(r, m)[k] * y(c, m)[k]} for k in 0..n-1 (see {@link TermRows}). Four rows of each at once share
     * their loads: 8 vector loads per 16 fused multiply-adds, where {@link #sumOfProducts} needs 2 per 1. Each output
     * sums its terms in the same order with the same operations as {@link #sumOfProducts}, so results are equal bit for
     * bit, whatever the blocking.
     */
    public static void sumsOfProducts(
            TermRows x, TermRows y, int terms, float[] z, int zFrom, int zxStride, int zyStride, int n) {
        if (SIMD && x.rows() == TermRows.BLOCK && y.rows() == TermRows.BLOCK) {
            SimdRows.sumsOfProducts4x4(x, y, terms, z, zFrom, zxStride, zyStride, n);
            return;
        }
        for (int r = 0; r < x.rows(); r++) {
            for (int c = 0; c < y.rows(); c++) {
                sumOfProducts(
                        x.data(),
                        x.start(r, 0),
                        x.termStride(),
                        y.data(),
                        y.start(c, 0),
                        y.termStride(),
                        terms,
                        z,
                        zFrom + r * zxStride + c * zyStride,
                        n);
            }
        }
    }

    /**
     * {@code y[r][k] = exp(x[r][k]) / sum_r' exp(x[r'][k])} for row-major {@code rows x n} arrays (the max over the
     * column subtracted first): a softmax over the rows of every column.
     */
    public static void softmaxOverRows(float[] x, float[] y, int rows, int n) {
        if (SIMD) {
            SimdRows.softmaxOverRows(x, y, rows, n);
        } else {
            ScalarRows.softmaxOverRows(x, y, rows, n, 0);
        }
    }

    /**
     * {@code y[yFrom + k] += src[srcFrom + k]} for k in 0..n-1, src a byte buffer in native order (ND4J's host memory,
     * from {@code data().asNio()}) indexed in floats: added without first copying src into a Java array.
     */
    public static void addFrom(ByteBuffer src, int srcFrom, float[] y, int yFrom, int n) {
        if (SIMD) {
            SimdRows.addFrom(src, srcFrom, y, yFrom, n);
        } else {
            ScalarRows.addFrom(src, srcFrom, y, yFrom, n);
        }
    }

    /**
     * {@code dst[dstFrom + c * rows + r] = src[srcFrom + r * cols + c]}: the transpose of a row-major
     * {@code rows x cols} block, in tiles that keep both sides' cache lines in L1.
     */
    public static void transpose(float[] src, int srcFrom, int rows, int cols, float[] dst, int dstFrom) {
        final int tile = 16;
        for (int r0 = 0; r0 < rows; r0 += tile) {
            int r1 = Math.min(rows, r0 + tile);
            for (int c0 = 0; c0 < cols; c0 += tile) {
                int c1 = Math.min(cols, c0 + tile);
                for (int c = c0; c < c1; c++) {
                    int to = dstFrom + c * rows;
                    for (int r = r0; r < r1; r++) {
                        dst[to + r] = src[srcFrom + r * cols + c];
                    }
                }
            }
        }
    }

    /**
     * {@code out[outAt + k]} = the largest of the 2x2 window {@code in[inAt + k]}, {@code in[inAt + step + k]},
     * {@code in[inAt + rowStride + k]}, {@code in[inAt + rowStride + step + k]} for k in 0..n-1: max pooling of n
     * channels of one NHWC window (step = channels, rowStride = width * channels). Buffers in native order, indexed in
     * floats.
     */
    public static void maxOfWindow(ByteBuffer in, int inAt, int step, int rowStride, ByteBuffer out, int outAt, int n) {
        if (SIMD) {
            SimdRows.maxOfWindow(in, inAt, step, rowStride, out, outAt, n);
        } else {
            ScalarRows.maxOfWindow(in, inAt, step, rowStride, out, outAt, 0, n);
        }
    }

    /**
     * Max pooling's backward for the window of {@link #maxOfWindow}: {@code grad[gradAt + k]} goes to the first of the
     * four positions (in the order listed there) that holds the window's maximum, and the other three get 0. Writes
     * all four positions of {@code inGrad} at the same offsets from {@code inGradAt} as the window's from {@code inAt}.
     */
    public static void toFirstMaxOfWindow(
            ByteBuffer in,
            int inAt,
            int step,
            int rowStride,
            ByteBuffer grad,
            int gradAt,
            ByteBuffer inGrad,
            int inGradAt,
            int n) {
        if (SIMD) {
            SimdRows.toFirstMaxOfWindow(in, inAt, step, rowStride, grad, gradAt, inGrad, inGradAt, n);
        } else {
            ScalarRows.toFirstMaxOfWindow(in, inAt, step, rowStride, grad, gradAt, inGrad, inGradAt, 0, n);
        }
    }

    /**
     * One Adam step over {@code n} floats, each buffer in native order starting at its element 0 (ND4J's memory, from
     * {@code data().asNio()}, sliced at the array's offset), in place: {@code m = b1 m + g (1 - b1)},
     * {@code v = b2 v + g g (1 - b2)}, and g is replaced by the update {@code m a / (sqrt(v) + eps)}. Each element is
     * computed with the same float operations in the same order on both paths (no fused multiply-adds), so the results
     * are those of the scalar loop bit for bit.
     */
    public static void adam(ByteBuffer g, ByteBuffer m, ByteBuffer v, int n, AdamCoefficients a) {
        if (SIMD) {
            SimdRows.adam(g, m, v, n, a);
        } else {
            ScalarRows.adam(g, m, v, 0, n, a);
        }
    }
}
