package org.capsnet.host;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * {@link FloatRows}' loops with the Vector API; the last few elements that fill no vector go to {@link ScalarRows}.
 * Loaded only when the {@code jdk.incubator.vector} module is in the JVM: only FloatRows and ReluBackward, after
 * checking {@link FloatRows#simd()}, may refer to this class.
 */
final class SimdRows {
    private static final VectorSpecies<Float> SPECIES = FloatVector.SPECIES_PREFERRED;
    private static final int LANES = SPECIES.length();

    private SimdRows() {}

    static int vectorBits() {
        return SPECIES.vectorBitSize();
    }

    /** Two vector accumulators (two chains of fused multiply-adds), then the lanes, then the scalar tail. */
    static float dot(float[] a, int aFrom, float[] b, int bFrom, int n) {
        FloatVector even = FloatVector.zero(SPECIES);
        FloatVector odd = FloatVector.zero(SPECIES);
        int k = 0;
        for (; k + 2 * LANES <= n; k += 2 * LANES) {
            even = FloatVector.fromArray(SPECIES, a, aFrom + k).fma(FloatVector.fromArray(SPECIES, b, bFrom + k), even);
            odd = FloatVector.fromArray(SPECIES, a, aFrom + k + LANES)
                    .fma(FloatVector.fromArray(SPECIES, b, bFrom + k + LANES), odd);
        }
        for (; k + LANES <= n; k += LANES) {
            even = FloatVector.fromArray(SPECIES, a, aFrom + k).fma(FloatVector.fromArray(SPECIES, b, bFrom + k), even);
        }
        float sum = even.add(odd).reduceLanes(VectorOperators.ADD);
        return sum + ScalarRows.dot(a, aFrom + k, b, bFrom + k, n - k);
    }

    static void axpy(float alpha, float[] x, int xFrom, float[] y, int yFrom, int n) {
        FloatVector a = FloatVector.broadcast(SPECIES, alpha);
        int k = 0;
        for (; k + LANES <= n; k += LANES) {
            FloatVector.fromArray(SPECIES, x, xFrom + k)
                    .fma(a, FloatVector.fromArray(SPECIES, y, yFrom + k))
                    .intoArray(y, yFrom + k);
        }
        ScalarRows.axpy(alpha, x, xFrom + k, y, yFrom + k, n - k);
    }

    /** Four vectors of z at a time, so that four independent chains of fused multiply-adds run over m. */
    static void sumOfProducts(
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
        int k = 0;
        for (; k + 4 * LANES <= n; k += 4 * LANES) {
            FloatVector a0 = FloatVector.zero(SPECIES);
            FloatVector a1 = a0;
            FloatVector a2 = a0;
            FloatVector a3 = a0;
            for (int m = 0; m < terms; m++) {
                int xm = xFrom + m * xStride + k;
                int ym = yFrom + m * yStride + k;
                a0 = FloatVector.fromArray(SPECIES, x, xm).fma(FloatVector.fromArray(SPECIES, y, ym), a0);
                a1 = FloatVector.fromArray(SPECIES, x, xm + LANES)
                        .fma(FloatVector.fromArray(SPECIES, y, ym + LANES), a1);
                a2 = FloatVector.fromArray(SPECIES, x, xm + 2 * LANES)
                        .fma(FloatVector.fromArray(SPECIES, y, ym + 2 * LANES), a2);
                a3 = FloatVector.fromArray(SPECIES, x, xm + 3 * LANES)
                        .fma(FloatVector.fromArray(SPECIES, y, ym + 3 * LANES), a3);
            }
            a0.intoArray(z, zFrom + k);
            a1.intoArray(z, zFrom + k + LANES);
            a2.intoArray(z, zFrom + k + 2 * LANES);
            a3.intoArray(z, zFrom + k + 3 * LANES);
        }
        for (; k + LANES <= n; k += LANES) {
            FloatVector a = FloatVector.zero(SPECIES);
            for (int m = 0; m < terms; m++) {
                a = FloatVector.fromArray(SPECIES, x, xFrom + m * xStride + k)
                        .fma(FloatVector.fromArray(SPECIES, y, yFrom + m * yStride + k), a);
            }
            a.intoArray(z, zFrom + k);
        }
        ScalarRows.sumOfProducts(x, xFrom + k, xStride, y, yFrom + k, yStride, terms, z, zFrom + k, n - k);
    }

    /** Two vectors of each output at a time: four chains of fused multiply-adds over m, six loads per four. */
    static void sumOfProductsPair(
            float[] x,
            int xFrom,
            int xStride,
            float[] y0,
            int y0From,
            float[] y1,
            int y1From,
            int yStride,
            int terms,
            float[] z0,
            int z0From,
            float[] z1,
            int z1From,
            int n) {
        int k = 0;
        for (; k + 2 * LANES <= n; k += 2 * LANES) {
            FloatVector a00 = FloatVector.zero(SPECIES);
            FloatVector a01 = a00;
            FloatVector a10 = a00;
            FloatVector a11 = a00;
            for (int m = 0; m < terms; m++) {
                int xm = xFrom + m * xStride + k;
                int ym = m * yStride + k;
                FloatVector x0 = FloatVector.fromArray(SPECIES, x, xm);
                FloatVector x1 = FloatVector.fromArray(SPECIES, x, xm + LANES);
                a00 = x0.fma(FloatVector.fromArray(SPECIES, y0, y0From + ym), a00);
                a01 = x1.fma(FloatVector.fromArray(SPECIES, y0, y0From + ym + LANES), a01);
                a10 = x0.fma(FloatVector.fromArray(SPECIES, y1, y1From + ym), a10);
                a11 = x1.fma(FloatVector.fromArray(SPECIES, y1, y1From + ym + LANES), a11);
            }
            a00.intoArray(z0, z0From + k);
            a01.intoArray(z0, z0From + k + LANES);
            a10.intoArray(z1, z1From + k);
            a11.intoArray(z1, z1From + k + LANES);
        }
        if (k < n) { // the last vectors and the scalar tail, one output at a time
            sumOfProducts(x, xFrom + k, xStride, y0, y0From + k, yStride, terms, z0, z0From + k, n - k);
            sumOfProducts(x, xFrom + k, xStride, y1, y1From + k, yStride, terms, z1, z1From + k, n - k);
        }
    }

    /**
     * {@code out[outFrom + k] = out[outFrom + k] > 0 ? grad[gradFrom + k] : 0} for k in 0..n-1, indices in floats, on
     * byte buffers in native order (ND4J's host memory, read and written in place without copies).
     */
    static void keepWherePositive(ByteBuffer out, int outFrom, ByteBuffer grad, int gradFrom, int n) {
        ByteOrder order = ByteOrder.nativeOrder();
        FloatVector zero = FloatVector.zero(SPECIES);
        int k = 0;
        for (; k + LANES <= n; k += LANES) {
            int o = (outFrom + k) * Float.BYTES;
            FloatVector output = FloatVector.fromByteBuffer(SPECIES, out, o, order);
            FloatVector.fromByteBuffer(SPECIES, grad, (gradFrom + k) * Float.BYTES, order)
                    .blend(zero, output.compare(VectorOperators.LE, 0f))
                    .intoByteBuffer(out, o, order);
        }
        for (; k < n; k++) {
            int o = (outFrom + k) * Float.BYTES;
            out.putFloat(o, out.getFloat(o) > 0f ? grad.getFloat((gradFrom + k) * Float.BYTES) : 0f);
        }
    }

    /** Softmax over the rows of each column, a vector of columns at a time (exp through the JDK's vector math). */
    static void softmaxOverRows(float[] x, float[] y, int rows, int n) {
        int k = 0;
        for (; k + LANES <= n; k += LANES) {
            FloatVector max = FloatVector.fromArray(SPECIES, x, k);
            for (int r = 1; r < rows; r++) {
                max = max.max(FloatVector.fromArray(SPECIES, x, r * n + k));
            }
            FloatVector sum = FloatVector.zero(SPECIES);
            for (int r = 0; r < rows; r++) {
                FloatVector e =
                        FloatVector.fromArray(SPECIES, x, r * n + k).sub(max).lanewise(VectorOperators.EXP);
                e.intoArray(y, r * n + k);
                sum = sum.add(e);
            }
            FloatVector inverse = FloatVector.broadcast(SPECIES, 1f).div(sum);
            for (int r = 0; r < rows; r++) {
                FloatVector.fromArray(SPECIES, y, r * n + k).mul(inverse).intoArray(y, r * n + k);
            }
        }
        ScalarRows.softmaxOverRows(x, y, rows, n, k);
    }

    /** {@code y[yFrom + k] += src[srcFrom + k]} with src a native-order byte buffer indexed in floats. */
    static void addFrom(ByteBuffer src, int srcFrom, float[] y, int yFrom, int n) {
        ByteOrder order = ByteOrder.nativeOrder();
        int k = 0;
        for (; k + LANES <= n; k += LANES) {
            FloatVector.fromByteBuffer(SPECIES, src, (srcFrom + k) * Float.BYTES, order)
                    .add(FloatVector.fromArray(SPECIES, y, yFrom + k))
                    .intoArray(y, yFrom + k);
        }
        ScalarRows.addFrom(src, srcFrom + k, y, yFrom + k, n - k);
    }

    /** {@link FloatRows#adam} a vector at a time: separate multiplies and adds (no fused ones), as the scalar loop. */
    static void adam(ByteBuffer g, ByteBuffer m, ByteBuffer v, int n, AdamCoefficients a) {
        ByteOrder order = ByteOrder.nativeOrder();
        int k = 0;
        for (; k + LANES <= n; k += LANES) {
            int at = k * Float.BYTES;
            FloatVector gk = FloatVector.fromByteBuffer(SPECIES, g, at, order);
            FloatVector mk = FloatVector.fromByteBuffer(SPECIES, m, at, order)
                    .mul(a.beta1())
                    .add(gk.mul(a.oneMinusBeta1()));
            FloatVector vk = FloatVector.fromByteBuffer(SPECIES, v, at, order)
                    .mul(a.beta2())
                    .add(gk.mul(gk).mul(a.oneMinusBeta2()));
            mk.intoByteBuffer(m, at, order);
            vk.intoByteBuffer(v, at, order);
            mk.mul(a.stepSize())
                    .div(vk.lanewise(VectorOperators.SQRT).add(a.epsilon()))
                    .intoByteBuffer(g, at, order);
        }
        ScalarRows.adam(g, m, v, k, n, a);
    }
}
