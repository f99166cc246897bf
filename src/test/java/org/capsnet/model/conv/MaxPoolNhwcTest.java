package org.capsnet.model.conv;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

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

    @Test
    void oddSizesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> new MaxPoolNhwc(5, 4, 1));
    }
}
