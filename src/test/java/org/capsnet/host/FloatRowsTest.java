package org.capsnet.host;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Both implementations of {@link FloatRows}' loops (SIMD and scalar) against plain double sums, at lengths that
 * exercise the vector body, the four-vector body and the scalar tails, at non-zero offsets.
 */
class FloatRowsTest {
    private static final double TOLERANCE = 1e-5;

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 16, 33, 64, 100, 1152})
    void dotAxpyAndSumsOfProductsMatchDoubleSums(int n) {
        Random random = new Random(n);
        float[] x = randoms(random, 3 * n + 5);
        float[] y = randoms(random, 3 * n + 9);
        double dot = 0;
        for (int k = 0; k < n; k++) {
            dot += (double) x[2 + k] * y[5 + k];
        }
        assertEquals(dot, SimdRows.dot(x, 2, y, 5, n), TOLERANCE * n);
        assertEquals(dot, ScalarRows.dot(x, 2, y, 5, n), TOLERANCE * n);

        float[] axpySimd = y.clone();
        float[] axpyScalar = y.clone();
        SimdRows.axpy(0.7f, x, 3, axpySimd, 1, n);
        ScalarRows.axpy(0.7f, x, 3, axpyScalar, 1, n);
        for (int k = 0; k < y.length; k++) {
            double expected = k >= 1 && k < 1 + n ? y[k] + 0.7 * x[3 + k - 1] : y[k];
            assertEquals(expected, axpySimd[k], TOLERANCE, "simd axpy at " + k);
            assertEquals(expected, axpyScalar[k], TOLERANCE, "scalar axpy at " + k);
        }

        int terms = 3;
        float[] simd = new float[n + 4];
        float[] scalar = new float[n + 4];
        SimdRows.sumOfProducts(x, 1, n, y, 2, n + 1, terms, simd, 4, n);
        ScalarRows.sumOfProducts(x, 1, n, y, 2, n + 1, terms, scalar, 4, n);
        for (int k = 0; k < n; k++) {
            double expected = 0;
            for (int m = 0; m < terms; m++) {
                expected += (double) x[1 + m * n + k] * y[2 + m * (n + 1) + k];
            }
            assertEquals(expected, simd[4 + k], TOLERANCE, "simd sum of products at " + k);
            assertEquals(expected, scalar[4 + k], TOLERANCE, "scalar sum of products at " + k);
        }
    }

    /**
     * The 4 x 4 block kernel gives every output exactly what the single kernel gives it; so do partial blocks (which
     * take the single kernel), with x's rows and terms interleaved differently from y's and z's outputs scattered.
     */
    @ParameterizedTest
    @ValueSource(ints = {1, 16, 33, 100, 1152})
    void blocksOfSumsOfProductsEqualSingleSums(int n) {
        Random random = new Random(n + 2);
        int terms = 6;
        float[] x = randoms(random, 3 + 4 * terms * n); // row r, term m at 3 + (m * 4 + r) * n
        float[] y = randoms(random, 5 + terms * 4 * n + 4); // row c, term m at 5 + (c * terms + m) * n
        for (int rows : new int[] {4, 3}) {
            for (int cols : new int[] {4, 1}) {
                TermRows xs = new TermRows(x, 3, n, 4 * n, rows);
                TermRows ys = new TermRows(y, 5, terms * n, n, cols);
                float[] block = new float[2 + 16 * n + 8];
                float[] single = new float[block.length];
                FloatRows.sumsOfProducts(xs, ys, terms, block, 2, n, 4 * n, n); // z(r, c) at 2 + (c * 4 + r) * n
                for (int r = 0; r < rows; r++) {
                    for (int c = 0; c < cols; c++) {
                        FloatRows.sumOfProducts(
                                x, 3 + r * n, 4 * n, y, 5 + c * terms * n, n, terms, single, 2 + (c * 4 + r) * n, n);
                    }
                }
                assertArrayEquals(single, block, rows + " x " + cols);
            }
        }
    }

    /** Adding from a native-order direct buffer, SIMD and scalar, at offsets and with a tail. */
    @ParameterizedTest
    @ValueSource(ints = {1, 16, 37, 2304})
    void addFromABufferAddsEveryFloat(int n) {
        float[] src = randoms(new Random(n + 3), n + 5);
        java.nio.ByteBuffer buffer =
                java.nio.ByteBuffer.allocateDirect(src.length * 4).order(java.nio.ByteOrder.nativeOrder());
        buffer.asFloatBuffer().put(src);
        float[] y = randoms(new Random(n + 4), n + 2);
        float[] simd = y.clone();
        float[] scalar = y.clone();
        SimdRows.addFrom(buffer, 5, simd, 2, n);
        ScalarRows.addFrom(buffer, 5, scalar, 2, n);
        for (int k = 0; k < y.length; k++) {
            float expected = k >= 2 ? y[k] + src[5 + k - 2] : y[k];
            assertEquals(expected, simd[k], 0f, "simd at " + k);
            assertEquals(expected, scalar[k], 0f, "scalar at " + k);
        }
    }

    /**
     * Max pooling's window kernels, SIMD and scalar, against a direct reading of the definition: n channels of a
     * 4 x 3 NHWC image at an offset, values from {-1, 0, 1, 2} so most windows tie.
     */
    @ParameterizedTest
    @ValueSource(ints = {1, 16, 19, 48})
    void windowMaxAndItsGradientToTheFirstMaxAgreeOnBothPaths(int n) {
        int width = 3;
        int from = 3;
        int rowStride = width * n;
        Random random = new Random(n);
        java.nio.ByteBuffer in = floats(from + 2 * rowStride);
        java.nio.ByteBuffer grad = floats(n);
        for (int k = 0; k < from + 2 * rowStride; k++) {
            in.putFloat(4 * k, random.nextInt(4) - 1);
        }
        for (int k = 0; k < n; k++) {
            grad.putFloat(4 * k, 1 + random.nextFloat());
        }
        int[] corners = {0, n, rowStride, rowStride + n}; // the window at column 0 of rows 0 and 1
        for (boolean simd : new boolean[] {true, false}) {
            java.nio.ByteBuffer max = floats(n + 1);
            java.nio.ByteBuffer inGrad = floats(from + 2 * rowStride);
            if (simd) {
                SimdRows.maxOfWindow(in, from, n, rowStride, max, 1, n);
                SimdRows.toFirstMaxOfWindow(in, from, n, rowStride, grad, 0, inGrad, from, n);
            } else {
                ScalarRows.maxOfWindow(in, from, n, rowStride, max, 1, 0, n);
                ScalarRows.toFirstMaxOfWindow(in, from, n, rowStride, grad, 0, inGrad, from, 0, n);
            }
            for (int k = 0; k < n; k++) {
                float expected = Float.NEGATIVE_INFINITY;
                int first = -1;
                for (int c = 0; c < 4; c++) {
                    float x = in.getFloat(4 * (from + corners[c] + k));
                    if (x > expected) {
                        expected = x;
                        first = c;
                    }
                }
                assertEquals(expected, max.getFloat(4 * (1 + k)), 0f, (simd ? "simd" : "scalar") + " max at " + k);
                for (int c = 0; c < 4; c++) {
                    assertEquals(
                            c == first ? grad.getFloat(4 * k) : 0f,
                            inGrad.getFloat(4 * (from + corners[c] + k)),
                            0f,
                            (simd ? "simd" : "scalar") + " gradient at corner " + c + " of " + k);
                }
            }
        }
    }

    private static java.nio.ByteBuffer floats(int n) {
        return java.nio.ByteBuffer.allocateDirect(4 * n).order(java.nio.ByteOrder.nativeOrder());
    }

    /** One Adam step, SIMD and scalar, equal bit for bit (no fused multiply-adds), a tail included. */
    @ParameterizedTest
    @ValueSource(ints = {1, 16, 37, 8192})
    void adamStepIsTheSameOnBothPathsBitForBit(int n) {
        AdamCoefficients a = new AdamCoefficients(0.9f, 0.999f, 1 - 0.9f, 1 - 0.999f, 3.2e-4f, 1e-8f);
        java.nio.ByteBuffer[] simd = adamState(n);
        java.nio.ByteBuffer[] scalar = adamState(n);
        SimdRows.adam(simd[0], simd[1], simd[2], n, a);
        ScalarRows.adam(scalar[0], scalar[1], scalar[2], 0, n, a);
        java.nio.ByteBuffer[] before = adamState(n);
        for (int k = 0; k < n; k++) {
            float g = before[0].getFloat(4 * k);
            float m = 0.9f * before[1].getFloat(4 * k) + g * (1 - 0.9f);
            float v = 0.999f * before[2].getFloat(4 * k) + g * g * (1 - 0.999f);
            float update = (m * 3.2e-4f) / ((float) Math.sqrt(v) + 1e-8f);
            for (java.nio.ByteBuffer[] state : new java.nio.ByteBuffer[][] {simd, scalar}) {
                assertEquals(update, state[0].getFloat(4 * k), 0f, "update at " + k);
                assertEquals(m, state[1].getFloat(4 * k), 0f, "m at " + k);
                assertEquals(v, state[2].getFloat(4 * k), 0f, "v at " + k);
            }
        }
    }

    /** Gradient, m and v (v non-negative) in direct buffers, the same for the same n. */
    private static java.nio.ByteBuffer[] adamState(int n) {
        Random random = new Random(n);
        float[] v = randoms(random, n);
        for (int k = 0; k < n; k++) {
            v[k] = Math.abs(v[k]);
        }
        return new java.nio.ByteBuffer[] {direct(randoms(random, n)), direct(randoms(random, n)), direct(v)};
    }

    private static java.nio.ByteBuffer direct(float[] values) {
        java.nio.ByteBuffer buffer =
                java.nio.ByteBuffer.allocateDirect(values.length * 4).order(java.nio.ByteOrder.nativeOrder());
        buffer.asFloatBuffer().put(values);
        return buffer;
    }

    /** Softmax over the rows of each column, SIMD and scalar, against double sums, with large logits too. */
    @ParameterizedTest
    @ValueSource(ints = {1, 15, 16, 37, 1152})
    void softmaxOverRowsMatchesDoubleSums(int n) {
        int rows = 10;
        float[] x = randoms(new Random(n + 2), rows * n);
        x[0] = 80f; // exp would overflow without the max subtracted
        float[] simd = new float[rows * n];
        float[] scalar = new float[rows * n];
        SimdRows.softmaxOverRows(x, simd, rows, n);
        ScalarRows.softmaxOverRows(x, scalar, rows, n, 0);
        for (int k = 0; k < n; k++) {
            double max = Double.NEGATIVE_INFINITY;
            for (int r = 0; r < rows; r++) {
                max = Math.max(max, x[r * n + k]);
            }
            double sum = 0;
            for (int r = 0; r < rows; r++) {
                sum += Math.exp(x[r * n + k] - max);
            }
            for (int r = 0; r < rows; r++) {
                double expected = Math.exp(x[r * n + k] - max) / sum;
                assertEquals(expected, simd[r * n + k], 1e-6, "simd at " + r + "," + k);
                assertEquals(expected, scalar[r * n + k], 1e-6, "scalar at " + r + "," + k);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 5, 16, 17, 40})
    void transposeMovesEveryElement(int rows) {
        int cols = 23;
        float[] src = randoms(new Random(rows), 2 + rows * cols);
        float[] dst = new float[3 + rows * cols];
        FloatRows.transpose(src, 2, rows, cols, dst, 3);
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                assertEquals(src[2 + r * cols + c], dst[3 + c * rows + r], 0f, r + "," + c);
            }
        }
    }

    /** The build and the tests run with conf/java17-simd.args: a missing flag would silently slow training. */
    @Test
    void testsRunWithTheVectorModule() {
        assertTrue(FloatRows.simd(), FloatRows.describe());
    }

    private static float[] randoms(Random random, int n) {
        float[] a = new float[n];
        for (int k = 0; k < n; k++) {
            a[k] = (float) random.nextGaussian();
        }
        return a;
    }
}
