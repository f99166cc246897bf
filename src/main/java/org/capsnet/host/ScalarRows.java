package org.capsnet.host;

import java.util.Arrays;

/** {@link FloatRows}' loops without the Vector API module: plain Java, as fast as C2 makes it. */
final class ScalarRows {
    private ScalarRows() {}

    /** Four chains of additions instead of one. */
    static float dot(float[] a, int aFrom, float[] b, int bFrom, int n) {
        float s0 = 0f;
        float s1 = 0f;
        float s2 = 0f;
        float s3 = 0f;
        int k = 0;
        for (; k + 4 <= n; k += 4) {
            s0 += a[aFrom + k] * b[bFrom + k];
            s1 += a[aFrom + k + 1] * b[bFrom + k + 1];
            s2 += a[aFrom + k + 2] * b[bFrom + k + 2];
            s3 += a[aFrom + k + 3] * b[bFrom + k + 3];
        }
        for (; k < n; k++) {
            s0 += a[aFrom + k] * b[bFrom + k];
        }
        return (s0 + s1) + (s2 + s3);
    }

    static void axpy(float alpha, float[] x, int xFrom, float[] y, int yFrom, int n) {
        for (int k = 0; k < n; k++) {
            y[yFrom + k] += alpha * x[xFrom + k];
        }
    }

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
        Arrays.fill(z, zFrom, zFrom + n, 0f);
        for (int m = 0; m < terms; m++) {
            int xm = xFrom + m * xStride;
            int ym = yFrom + m * yStride;
            for (int k = 0; k < n; k++) {
                z[zFrom + k] += x[xm + k] * y[ym + k];
            }
        }
    }

    /** Softmax over the rows of columns {@code from..n-1} of row-major {@code rows x n} arrays. */
    static void softmaxOverRows(float[] x, float[] y, int rows, int n, int from) {
        for (int k = from; k < n; k++) {
            float max = x[k];
            for (int r = 1; r < rows; r++) {
                max = Math.max(max, x[r * n + k]);
            }
            float sum = 0f;
            for (int r = 0; r < rows; r++) {
                float e = (float) Math.exp(x[r * n + k] - max);
                y[r * n + k] = e;
                sum += e;
            }
            float inverse = 1f / sum;
            for (int r = 0; r < rows; r++) {
                y[r * n + k] *= inverse;
            }
        }
    }

    static void addFrom(java.nio.ByteBuffer src, int srcFrom, float[] y, int yFrom, int n) {
        java.nio.FloatBuffer floats = src.asFloatBuffer();
        for (int k = 0; k < n; k++) {
            y[yFrom + k] += floats.get(srcFrom + k);
        }
    }

    /** {@link FloatRows#adam} for elements {@code from} to {@code n - 1}. */
    static void adam(
            java.nio.ByteBuffer g, java.nio.ByteBuffer m, java.nio.ByteBuffer v, int from, int n, AdamCoefficients a) {
        java.nio.FloatBuffer gs = g.asFloatBuffer();
        java.nio.FloatBuffer ms = m.asFloatBuffer();
        java.nio.FloatBuffer vs = v.asFloatBuffer();
        for (int k = from; k < n; k++) {
            float gk = gs.get(k);
            float mk = a.beta1() * ms.get(k) + gk * a.oneMinusBeta1();
            float vk = a.beta2() * vs.get(k) + gk * gk * a.oneMinusBeta2();
            ms.put(k, mk);
            vs.put(k, vk);
            gs.put(k, (mk * a.stepSize()) / ((float) Math.sqrt(vk) + a.epsilon()));
        }
    }

    /** {@link FloatRows#maxOfWindow} for channels {@code from} to {@code n - 1}. */
    static void maxOfWindow(
            java.nio.ByteBuffer in,
            int inAt,
            int step,
            int rowStride,
            java.nio.ByteBuffer out,
            int outAt,
            int from,
            int n) {
        for (int k = from; k < n; k++) {
            int at = inAt + k;
            float max = Math.max(
                    Math.max(Math.max(floatAt(in, at), floatAt(in, at + step)), floatAt(in, at + rowStride)),
                    floatAt(in, at + rowStride + step));
            out.putFloat((outAt + k) * Float.BYTES, max);
        }
    }

    /** {@link FloatRows#toFirstMaxOfWindow} for channels {@code from} to {@code n - 1}. */
    static void toFirstMaxOfWindow(
            java.nio.ByteBuffer in,
            int inAt,
            int step,
            int rowStride,
            java.nio.ByteBuffer grad,
            int gradAt,
            java.nio.ByteBuffer inGrad,
            int inGradAt,
            int from,
            int n) {
        int[] corners = {0, step, rowStride, rowStride + step};
        for (int k = from; k < n; k++) {
            float max = Float.NEGATIVE_INFINITY;
            for (int corner : corners) {
                max = Math.max(max, floatAt(in, inAt + corner + k));
            }
            float g = floatAt(grad, gradAt + k);
            boolean taken = false;
            for (int corner : corners) {
                boolean first = !taken && floatAt(in, inAt + corner + k) == max;
                inGrad.putFloat((inGradAt + corner + k) * Float.BYTES, first ? g : 0f);
                taken |= first;
            }
        }
    }

    private static float floatAt(java.nio.ByteBuffer buffer, int index) {
        return buffer.getFloat(index * Float.BYTES);
    }
}
