package org.capsnet.model.conv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.Col2Im;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.factory.Nd4j;

/** The Java col2im agrees with libnd4j's col2im op (the path other backends take) on every geometry. */
class ColumnsNhwcTest {

    @ParameterizedTest
    @CsvSource({
        "9, 2, 20, 20, 4, 3, FLOAT", // PrimaryCaps geometry, fewer channels
        "9, 1, 12, 11, 1, 2, FLOAT", // Conv1 geometry (C = 1)
        "3, 2, 7, 7, 3, 2, FLOAT",
        "2, 3, 8, 9, 2, 1, FLOAT", // stride larger than kernel: pixels no window covers stay 0
        "1, 1, 3, 3, 2, 2, FLOAT"
    })
    void col2imMatchesLibnd4j(int k, int s, int h, int w, int c, int batch, DataType type) {
        int oh = (h - k) / s + 1;
        int ow = (w - k) / s + 1;
        INDArray cols =
                Nd4j.rand(type, (long) batch * oh * ow, (long) k * k * c).subi(0.5);
        INDArray expected = Nd4j.zeros(type, batch, (long) h * w * c);
        Nd4j.exec(Col2Im.builder()
                .inputArrays(new INDArray[] {
                    cols.reshape('c', batch, oh, ow, k, k, c).permute(0, 5, 3, 4, 1, 2)
                })
                .outputs(new INDArray[] {expected.reshape('c', batch, h, w, c).permute(0, 3, 1, 2)})
                .conv2DConfig(Conv2DConfig.builder()
                        .kH(h)
                        .kW(w)
                        .sH(s)
                        .sW(s)
                        .pH(0)
                        .pW(0)
                        .dH(1)
                        .dW(1)
                        .paddingMode(PaddingMode.VALID)
                        .build())
                .build());
        INDArray got = Nd4j.rand(type, batch, (long) h * w * c).addi(100); // overwritten, not added to
        assertTrue(ColumnsNhwc.supports(cols, got));
        new ColumnsNhwc(k, s, h, w, c, oh, ow).col2im(cols, got);
        double tolerance = 1e-5;
        assertEquals(0.0, got.sub(expected).amaxNumber().doubleValue(), tolerance);
    }

    @ParameterizedTest
    @CsvSource({
        "9, 2, 20, 20, 4, 3, FLOAT",
        "9, 1, 12, 11, 1, 2, FLOAT",
        "3, 2, 7, 7, 3, 2, FLOAT",
        "2, 3, 8, 9, 2, 1, FLOAT"
    })
    void im2colMatchesTheStridedAssign(int k, int s, int h, int w, int c, int batch, DataType type) {
        ConvolutionNhwc conv = new ConvolutionNhwc(k, s, h, w, c, 1);
        INDArray input = Nd4j.rand(type, batch, (long) h * w * c);
        long rows = (long) batch * conv.outHeight() * conv.outWidth();
        INDArray expected = Nd4j.create(type, rows, conv.weightRows());
        conv.im2colNd4j(input, expected);
        INDArray got = Nd4j.create(type, rows, conv.weightRows());
        new ColumnsNhwc(k, s, h, w, c, conv.outHeight(), conv.outWidth()).im2col(input, got);
        assertEquals(expected, got);
    }

    @ParameterizedTest
    @CsvSource({"1", "2"})
    void resultDoesNotDependOnTheThreadCount(int threads) {
        int before = Nd4j.getEnvironment().maxMasterThreads();
        try {
            INDArray cols = Nd4j.rand(DataType.FLOAT, 4L * 36, 81L * 8).subi(0.5);
            INDArray single = Nd4j.create(DataType.FLOAT, 4, 20L * 20 * 8);
            ColumnsNhwc columns = new ColumnsNhwc(9, 2, 20, 20, 8, 6, 6);
            Nd4j.getEnvironment().setMaxMasterThreads(1);
            columns.col2im(cols, single);
            Nd4j.getEnvironment().setMaxMasterThreads(threads);
            INDArray again = Nd4j.create(DataType.FLOAT, 4, 20L * 20 * 8);
            columns.col2im(cols, again);
            assertEquals(single, again);
        } finally {
            Nd4j.getEnvironment().setMaxMasterThreads(before);
        }
    }

    @ParameterizedTest
    @CsvSource({"true", "false"})
    void viewsAndMixedTypesTakeTheLibnd4jPath(boolean view) {
        INDArray cols = Nd4j.rand(DataType.FLOAT, 18, 27);
        INDArray image = view
                ? Nd4j.create(DataType.FLOAT, 2, 150)
                        .get(
                                org.nd4j.linalg.indexing.NDArrayIndex.all(),
                                org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 147))
                : Nd4j.create(DataType.DOUBLE, 2, 147);
        assertFalse(ColumnsNhwc.supports(cols, image));
        assertFalse(ColumnsNhwc.supports(cols.castTo(DataType.DOUBLE), image.castTo(DataType.DOUBLE)));
    }
}
