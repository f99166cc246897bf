package org.capsnet.model.conv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

class MaxPoolNhwcTest {
    private static final int B = 2;
    private static final int H = 4;
    private static final int W = 6;
    private static final int C = 3;

    @BeforeAll
    static void seed() {
        Nd4j.getRandom().setSeed(7);
    }

    private static int index(int y, int x, int c) {
        return (y * W + x) * C + c;
    }

    @Test
    void forwardTakesTheMaximumOfEachWindowPerChannel() {
        INDArray x = Nd4j.rand(DataType.DOUBLE, B, H * W * C);
        double[][] in = x.toDoubleMatrix();
        double[][] out = new MaxPoolNhwc(H, W, C).forward(x).toDoubleMatrix();
        assertEquals((H / 2) * (W / 2) * C, out[0].length);
        for (int b = 0; b < B; b++) {
            for (int i = 0; i < H / 2; i++) {
                for (int j = 0; j < W / 2; j++) {
                    for (int c = 0; c < C; c++) {
                        double m = Math.max(
                                Math.max(in[b][index(2 * i, 2 * j, c)], in[b][index(2 * i, 2 * j + 1, c)]),
                                Math.max(in[b][index(2 * i + 1, 2 * j, c)], in[b][index(2 * i + 1, 2 * j + 1, c)]));
                        assertEquals(m, out[b][(i * (W / 2) + j) * C + c], 0.0);
                    }
                }
            }
        }
    }

    @Test
    void backwardRoutesEachGradientToItsWindowsMaximum() {
        // A hand-made case: one channel, one 2x2 window per quadrant, the maximum in a different corner of each.
        INDArray x = Nd4j.createFromArray(new double[][] {
            {
                1, 9, 0, 0,
                2, 3, 0, 5,
                7, 1, 1, 1,
                0, 0, 8, 1
            }
        });
        MaxPoolNhwc pool = new MaxPoolNhwc(4, 4, 1);
        assertArrayEquals(new double[] {9, 5, 7, 8}, pool.forward(x).toDoubleVector(), 0.0);
        INDArray gradient = pool.backward(x, Nd4j.createFromArray(new double[][] {{10, 20, 30, 40}}));
        assertArrayEquals(
                new double[] {
                    0, 10, 0, 0,
                    0, 0, 0, 20,
                    30, 0, 0, 0,
                    0, 0, 40, 0
                },
                gradient.toDoubleVector(),
                0.0);
    }

    @Test
    void backwardMatchesFiniteDifferences() {
        INDArray x = Nd4j.rand(DataType.DOUBLE, B, H * W * C);
        INDArray upstream = Nd4j.rand(DataType.DOUBLE, B, (H / 2) * (W / 2) * C);
        MaxPoolNhwc pool = new MaxPoolNhwc(H, W, C);
        INDArray analytic = pool.backward(x, upstream);
        double eps = 1e-6;
        for (int k = 0; k < x.length(); k++) {
            INDArray plus = x.dup();
            plus.putScalar(k, x.getDouble(k) + eps);
            INDArray minus = x.dup();
            minus.putScalar(k, x.getDouble(k) - eps);
            double numeric = (pool.forward(plus).mul(upstream).sumNumber().doubleValue()
                            - pool.forward(minus).mul(upstream).sumNumber().doubleValue())
                    / (2 * eps);
            assertEquals(numeric, analytic.getDouble(k), 1e-8, "input element " + k);
        }
    }

    /** ReLU-like values: a third exact zeros (ties between corners), the rest of both signs. */
    private static INDArray reluLike(long rows, long columns) {
        INDArray x = Nd4j.rand(DataType.FLOAT, rows, columns).subi(0.33);
        return x.muli(x.gt(0).castTo(DataType.FLOAT))
                .addi(Nd4j.rand(DataType.FLOAT, rows, columns)
                        .lt(0.1)
                        .castTo(DataType.FLOAT)
                        .muli(-0.5));
    }

    @ParameterizedTest
    @CsvSource({
        "4, 6, 19, 3, 1", // channels fill no whole vector: vector and scalar tail
        "4, 4, 32, 2, 2",
        "28, 28, 16, 3, 2", // the baseline CNN's pool1 geometry, fewer channels
        "2, 2, 1, 5, 1"
    })
    void theJavaPathEqualsTheNd4jPathExactly(int h, int w, int c, int batch, int threads) {
        int before = Nd4j.getEnvironment().maxMasterThreads();
        Nd4j.getEnvironment().setMaxMasterThreads(threads);
        try {
            MaxPoolNhwc pool = new MaxPoolNhwc(h, w, c);
            // Rows 1.. of a larger array: a view at a non-zero offset.
            INDArray input =
                    reluLike(batch + 1, (long) h * w * c).get(NDArrayIndex.interval(1, batch + 1), NDArrayIndex.all());
            INDArray upstream = Nd4j.rand(DataType.FLOAT, batch, (long) (h / 2) * (w / 2) * c);
            assertArrayEquals(floats(pool.forwardNd4j(input)), floats(pool.forward(input)), 0f);
            assertArrayEquals(floats(pool.backwardNd4j(input, upstream)), floats(pool.backward(input, upstream)), 0f);
        } finally {
            Nd4j.getEnvironment().setMaxMasterThreads(before);
        }
    }

    private static float[] floats(INDArray a) {
        return a.dup('c').reshape(a.length()).toFloatVector();
    }

    @Test
    void theJavaPathSendsATiedWindowsGradientToItsFirstCorner() {
        INDArray x = Nd4j.createFromArray(new float[][] {{0, 0, 0, 0}, {-1, 2, 2, 2}});
        MaxPoolNhwc pool = new MaxPoolNhwc(2, 2, 1);
        INDArray gradient = pool.backward(x, Nd4j.createFromArray(new float[][] {{3}, {4}}));
        assertArrayEquals(
                new float[] {3, 0, 0, 0, 0, 4, 0, 0}, gradient.reshape(8).toFloatVector(), 0f);
    }

    @Test
    void oddSizesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new MaxPoolNhwc(5, 4, 1));
    }
}
