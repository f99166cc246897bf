package org.capsnet.model.conv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.Supplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class ConvolutionNhwcTest {

    @BeforeAll
    static void setUp() {
        OpenBlasCoreType.configure();
        Nd4j.getRandom().setSeed(42);
    }

    /** Plain-loop reference: NHWC input [B, H*W*C], weights row (kh*k + kw)*C + c. */
    static double[][] reference(double[][] x, double[][] w, double[] b, int k, int s, int h, int wd, int c, int kOut) {
        int oh = (h - k) / s + 1;
        int ow = (wd - k) / s + 1;
        double[][] out = new double[x.length][oh * ow * kOut];
        for (int n = 0; n < x.length; n++) {
            for (int i = 0; i < oh; i++) {
                for (int j = 0; j < ow; j++) {
                    for (int o = 0; o < kOut; o++) {
                        double acc = b[o];
                        for (int kh = 0; kh < k; kh++) {
                            for (int kw = 0; kw < k; kw++) {
                                for (int ch = 0; ch < c; ch++) {
                                    acc += x[n][((i * s + kh) * wd + (j * s + kw)) * c + ch]
                                            * w[(kh * k + kw) * c + ch][o];
                                }
                            }
                        }
                        out[n][(i * ow + j) * kOut + o] = acc;
                    }
                }
            }
        }
        return out;
    }

    static Iterable<Arguments> cases() {
        java.util.List<Arguments> list = new java.util.ArrayList<>();
        // kernel, stride, h, w, c, kOut, batch
        list.add(Arguments.of(3, 1, 5, 5, 1, 4, 2));
        list.add(Arguments.of(3, 2, 7, 7, 3, 4, 2));
        list.add(Arguments.of(2, 2, 6, 5, 5, 3, 3));
        list.add(Arguments.of(4, 3, 10, 9, 2, 6, 1));
        list.add(Arguments.of(9, 2, 20, 20, 4, 8, 2)); // PrimaryCaps geometry, fewer channels
        list.add(Arguments.of(9, 1, 12, 11, 1, 5, 2)); // Conv1 geometry (C = 1), smaller image
        list.add(Arguments.of(1, 1, 3, 3, 2, 2, 2));
        return list;
    }

    @ParameterizedTest
    @MethodSource("cases")
    void forwardMatchesNaiveLoopConvolution(int k, int s, int h, int w, int c, int kOut, int batch) {
        ConvolutionNhwc conv = new ConvolutionNhwc(k, s, h, w, c, kOut);
        INDArray x = Nd4j.rand(DataType.FLOAT, batch, (long) h * w * c).subi(0.5);
        INDArray wt = Nd4j.rand(DataType.FLOAT, conv.weightRows(), kOut).subi(0.5);
        INDArray b = Nd4j.rand(DataType.FLOAT, 1, kOut);
        INDArray out = conv.forward(x, wt, b);
        double[][] ref = reference(x.toDoubleMatrix(), wt.toDoubleMatrix(), b.toDoubleVector(), k, s, h, w, c, kOut);
        assertEquals(batch, out.size(0));
        assertEquals((long) conv.outHeight() * conv.outWidth() * kOut, out.size(1));
        double[][] got = out.toDoubleMatrix();
        for (int n = 0; n < batch; n++) {
            for (int i = 0; i < ref[n].length; i++) {
                assertEquals(ref[n][i], got[n][i], 1e-4, "element " + n + "," + i);
            }
        }
    }

    @Test
    void forwardAcceptsNonContiguousInputAndOrderFWeights() {
        ConvolutionNhwc conv = new ConvolutionNhwc(3, 2, 7, 7, 3, 4);
        INDArray big = Nd4j.rand(DataType.FLOAT, 2, 7 * 7 * 3 + 5);
        INDArray x = big.get(
                org.nd4j.linalg.indexing.NDArrayIndex.all(),
                org.nd4j.linalg.indexing.NDArrayIndex.interval(5, 5 + 7 * 7 * 3));
        INDArray wt = Nd4j.rand(DataType.FLOAT, conv.weightRows(), 4).dup('f');
        INDArray b = Nd4j.rand(DataType.FLOAT, 1, 4);
        double[][] ref = reference(x.toDoubleMatrix(), wt.toDoubleMatrix(), b.toDoubleVector(), 3, 2, 7, 7, 3, 4);
        double[][] got = conv.forward(x, wt, b).toDoubleMatrix();
        for (int n = 0; n < 2; n++) {
            for (int i = 0; i < ref[n].length; i++) {
                assertEquals(ref[n][i], got[n][i], 1e-4);
            }
        }
    }

    @Test
    void col2imOverwritesItsOutput() {
        ConvolutionNhwc conv = new ConvolutionNhwc(3, 2, 7, 7, 3, 4);
        INDArray cols = Nd4j.rand(DataType.FLOAT, 2 * 9, 27);
        INDArray zeroed = Nd4j.zeros(DataType.FLOAT, 2, 147);
        conv.col2im(cols, zeroed);
        INDArray garbage = Nd4j.rand(DataType.FLOAT, 2, 147).addi(100);
        conv.col2im(cols, garbage);
        assertTrue(zeroed.equalsWithEps(garbage, 1e-5));
    }

    @Test
    void gradientsMatchCentralFiniteDifferences() {
        int k = 3, s = 2, h = 7, w = 7, c = 3, kOut = 4, batch = 2;
        ConvolutionNhwc conv = new ConvolutionNhwc(k, s, h, w, c, kOut);
        INDArray x = Nd4j.rand(DataType.DOUBLE, batch, (long) h * w * c).subi(0.5);
        // Weights and gradient as f-order views of one flat buffer, as DL4J hands them over.
        INDArray params =
                Nd4j.rand(DataType.DOUBLE, 1, conv.weightRows() * kOut + kOut).subi(0.5);
        INDArray wt = params.get(
                        org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 0, true),
                        org.nd4j.linalg.indexing.NDArrayIndex.interval(0, conv.weightRows() * kOut))
                .reshape('f', conv.weightRows(), kOut);
        INDArray b = params.get(
                org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 0, true),
                org.nd4j.linalg.indexing.NDArrayIndex.interval(conv.weightRows() * kOut, params.length()));
        INDArray coef = Nd4j.rand(DataType.DOUBLE, batch, (long) conv.outHeight() * conv.outWidth() * kOut)
                .subi(0.5);
        Supplier<Double> loss =
                () -> conv.forward(x, wt, b).mul(coef).sumNumber().doubleValue();

        conv.forward(x, wt, b);
        INDArray gradFlat = Nd4j.zeros(DataType.DOUBLE, 1, params.length());
        INDArray gw = gradFlat.get(
                        org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 0, true),
                        org.nd4j.linalg.indexing.NDArrayIndex.interval(0, conv.weightRows() * kOut))
                .reshape('f', conv.weightRows(), kOut);
        INDArray gb = gradFlat.get(
                org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 0, true),
                org.nd4j.linalg.indexing.NDArrayIndex.interval(conv.weightRows() * kOut, params.length()));
        INDArray gx = conv.backward(coef, gw, gb, true);

        checkNumeric(loss, wt, gw, "weights");
        checkNumeric(loss, b, gb, "bias");
        checkNumeric(loss, x, gx, "input");
        assertTrue(gw.isView() && gb.isView(), "gradients are views of one flat buffer, as in DL4J");
        assertEquals(
                gw.sumNumber().doubleValue() + gb.sumNumber().doubleValue(),
                gradFlat.sumNumber().doubleValue(),
                1e-9);
        assertTrue(gradFlat.sumNumber().doubleValue() != 0.0, "gradient views were written");

        conv.forward(x, wt, b);
        assertNull(conv.backward(coef, gw, gb, false));
    }

    private static void checkNumeric(Supplier<Double> loss, INDArray param, INDArray analytic, String what) {
        double eps = 1e-6;
        for (long i = 0; i < param.length(); i++) {
            long[] idx = org.nd4j.linalg.api.shape.Shape.ind2subC(param.shape(), i);
            double orig = param.getDouble(idx);
            param.putScalar(idx, orig + eps);
            double plus = loss.get();
            param.putScalar(idx, orig - eps);
            double minus = loss.get();
            param.putScalar(idx, orig);
            double numeric = (plus - minus) / (2 * eps);
            assertEquals(numeric, analytic.getDouble(idx), 1e-6 * Math.max(1, Math.abs(numeric)), what + " " + i);
        }
    }
}
