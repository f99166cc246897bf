package org.capsnet.host;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorMask;
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

    /**
     * {@link FloatRows#sumsOfProducts} for four rows of x and four of y: sixteen accumulators in registers, fed by eight
     * loads per term. One vector of every output at a time; the scalar tail as {@link #sumOfProducts} has it.
     */
    static void sumsOfProducts4x4(
            TermRows x, TermRows y, int terms, float[] z, int zFrom, int zxStride, int zyStride, int n) {
        float[] xs = x.data();
        float[] ys = y.data();
        int xr = x.rowStride();
        int yr = y.rowStride();
        int k = 0;
        for (; k + LANES <= n; k += LANES) {
            FloatVector z00 = FloatVector.zero(SPECIES), z01 = z00, z02 = z00, z03 = z00;
            FloatVector z10 = z00, z11 = z00, z12 = z00, z13 = z00;
            FloatVector z20 = z00, z21 = z00, z22 = z00, z23 = z00;
            FloatVector z30 = z00, z31 = z00, z32 = z00, z33 = z00;
            for (int m = 0; m < terms; m++) {
                int xm = x.start(0, m) + k;
                int ym = y.start(0, m) + k;
                FloatVector x0 = FloatVector.fromArray(SPECIES, xs, xm);
                FloatVector x1 = FloatVector.fromArray(SPECIES, xs, xm + xr);
                FloatVector x2 = FloatVector.fromArray(SPECIES, xs, xm + 2 * xr);
                FloatVector x3 = FloatVector.fromArray(SPECIES, xs, xm + 3 * xr);
                FloatVector y0 = FloatVector.fromArray(SPECIES, ys, ym);
                FloatVector y1 = FloatVector.fromArray(SPECIES, ys, ym + yr);
                FloatVector y2 = FloatVector.fromArray(SPECIES, ys, ym + 2 * yr);
                FloatVector y3 = FloatVector.fromArray(SPECIES, ys, ym + 3 * yr);
                z00 = x0.fma(y0, z00);
                z01 = x0.fma(y1, z01);
                z02 = x0.fma(y2, z02);
                z03 = x0.fma(y3, z03);
                z10 = x1.fma(y0, z10);
                z11 = x1.fma(y1, z11);
                z12 = x1.fma(y2, z12);
                z13 = x1.fma(y3, z13);
                z20 = x2.fma(y0, z20);
                z21 = x2.fma(y1, z21);
                z22 = x2.fma(y2, z22);
                z23 = x2.fma(y3, z23);
                z30 = x3.fma(y0, z30);
                z31 = x3.fma(y1, z31);
                z32 = x3.fma(y2, z32);
                z33 = x3.fma(y3, z33);
            }
            int z0 = zFrom + k;
            int z1 = z0 + zxStride;
            int z2 = z1 + zxStride;
            int z3 = z2 + zxStride;
            z00.intoArray(z, z0);
            z01.intoArray(z, z0 + zyStride);
            z02.intoArray(z, z0 + 2 * zyStride);
            z03.intoArray(z, z0 + 3 * zyStride);
            z10.intoArray(z, z1);
            z11.intoArray(z, z1 + zyStride);
            z12.intoArray(z, z1 + 2 * zyStride);
            z13.intoArray(z, z1 + 3 * zyStride);
            z20.intoArray(z, z2);
            z21.intoArray(z, z2 + zyStride);
            z22.intoArray(z, z2 + 2 * zyStride);
            z23.intoArray(z, z2 + 3 * zyStride);
            z30.intoArray(z, z3);
            z31.intoArray(z, z3 + zyStride);
            z32.intoArray(z, z3 + 2 * zyStride);
            z33.intoArray(z, z3 + 3 * zyStride);
        }
        if (k < n) {
            for (int r = 0; r < TermRows.BLOCK; r++) {
                for (int c = 0; c < TermRows.BLOCK; c++) {
                    ScalarRows.sumOfProducts(
                            xs,
                            x.start(r, 0) + k,
                            x.termStride(),
                            ys,
                            y.start(c, 0) + k,
                            y.termStride(),
                            terms,
                            z,
                            zFrom + r * zxStride + c * zyStride + k,
                            n - k);
                }
            }
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

    /** {@link FloatRows#maxOfWindow} a vector of channels at a time. */
    static void maxOfWindow(ByteBuffer in, int inAt, int step, int rowStride, ByteBuffer out, int outAt, int n) {
        ByteOrder order = ByteOrder.nativeOrder();
        int k = 0;
        for (; k + LANES <= n; k += LANES) {
            int at = inAt + k;
            FloatVector.fromByteBuffer(SPECIES, in, at * Float.BYTES, order)
                    .max(FloatVector.fromByteBuffer(SPECIES, in, (at + step) * Float.BYTES, order))
                    .max(FloatVector.fromByteBuffer(SPECIES, in, (at + rowStride) * Float.BYTES, order))
                    .max(FloatVector.fromByteBuffer(SPECIES, in, (at + rowStride + step) * Float.BYTES, order))
                    .intoByteBuffer(out, (outAt + k) * Float.BYTES, order);
        }
        ScalarRows.maxOfWindow(in, inAt, step, rowStride, out, outAt, k, n);
    }

    /** {@link FloatRows#toFirstMaxOfWindow} a vector of channels at a time: masks pick the first corner at the max. */
    static void toFirstMaxOfWindow(
            ByteBuffer in,
            int inAt,
            int step,
            int rowStride,
            ByteBuffer grad,
            int gradAt,
            ByteBuffer inGrad,
            int inGradAt,
            int n) {
        ByteOrder order = ByteOrder.nativeOrder();
        FloatVector zero = FloatVector.zero(SPECIES);
        int right = step * Float.BYTES;
        int down = rowStride * Float.BYTES;
        int k = 0;
        for (; k + LANES <= n; k += LANES) {
            int at = (inAt + k) * Float.BYTES;
            int to = (inGradAt + k) * Float.BYTES;
            FloatVector x0 = FloatVector.fromByteBuffer(SPECIES, in, at, order);
            FloatVector x1 = FloatVector.fromByteBuffer(SPECIES, in, at + right, order);
            FloatVector x2 = FloatVector.fromByteBuffer(SPECIES, in, at + down, order);
            FloatVector x3 = FloatVector.fromByteBuffer(SPECIES, in, at + down + right, order);
            FloatVector max = x0.max(x1).max(x2).max(x3);
            FloatVector g = FloatVector.fromByteBuffer(SPECIES, grad, (gradAt + k) * Float.BYTES, order);
            VectorMask<Float> first0 = x0.compare(VectorOperators.EQ, max);
            VectorMask<Float> taken = first0;
            VectorMask<Float> first1 = x1.compare(VectorOperators.EQ, max).andNot(taken);
            taken = taken.or(first1);
            VectorMask<Float> first2 = x2.compare(VectorOperators.EQ, max).andNot(taken);
            taken = taken.or(first2);
            VectorMask<Float> first3 = x3.compare(VectorOperators.EQ, max).andNot(taken);
            zero.blend(g, first0).intoByteBuffer(inGrad, to, order);
            zero.blend(g, first1).intoByteBuffer(inGrad, to + right, order);
            zero.blend(g, first2).intoByteBuffer(inGrad, to + down, order);
            zero.blend(g, first3).intoByteBuffer(inGrad, to + down + right, order);
        }
        ScalarRows.toFirstMaxOfWindow(in, inAt, step, rowStride, grad, gradAt, inGrad, inGradAt, k, n);
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
