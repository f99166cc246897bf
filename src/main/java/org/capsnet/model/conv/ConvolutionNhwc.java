package org.capsnet.model.conv;

import java.util.List;
import org.capsnet.host.HostLoops;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.Col2Im;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Valid (no padding) 2-D convolution as im2col + one sgemm, with a hand-written backward.
 *
 * <p>Shapes. Activations NHWC flattened: input {@code [B, H*W*C]}, output {@code [B, oH*oW*K]} with
 * {@code oH = (H - kernel) / stride + 1}. Weights {@code [kH*kW*C, K]}, row index {@code (kh*kW + kw)*C + c};
 * bias {@code [1, K]}.
 *
 * <p>How. The column buffer {@code cols [B*oH*oW, kH*kW*C]} (c order) is exactly the left gemm operand, so no
 * permute+copy is needed: forward is {@code out = cols x W + b}, the gemm writing straight into the NHWC output;
 * backward is {@code dW = cols^T x dOut} (transpose flag, no copy), {@code db = sum_rows(dOut)} and, when asked,
 * {@code dIn = col2im(dOut x W^T)}. On the CPU backend with float32, im2col and col2im are Java loops over
 * contiguous runs ({@link ColumnsNhwc}: PrimaryCaps im2col 12 ms, Conv1 0.6 ms against 8 ms, col2im several times
 * faster than libnd4j's); elsewhere (CUDA, the float64 gradient checks) they are ND4J ops: im2col a single strided copy
 * ({@link #im2colNd4j}), col2im libnd4j's op on permuted views.
 *
 * <p>Measured for the ND4J path, PrimaryCaps at B=32 (2 busy cores, best of 7-9): im2col as one rank-5 strided assign 28-41 ms, about
 * the cost of a plain copy of the 95 MB buffer, against 210-260 ms for 81 per-offset assigns and 720 ms for libnd4j's
 * im2col into a permuted view; col2im with libnd4j's op 125-215 ms, against 600-1600 ms for 54-81 strided
 * {@code addi} (libnd4j's pairwise ops on non-contiguous views take a slow per-element index path) and ~160 ms for
 * 25 non-overlapping assigns plus a sum.
 *
 * <p>Bands. On the Java path the column buffer is never whole: it is cut into bands ({@link ColumnBand}) of at most
 * 16 MiB, kernel rows within example chunks. Forward sums the bands' gemms into the output (beta 1 after the first);
 * backward gathers each band again from the input that forward kept, adds its {@code cols^T x dOut} into its rows of
 * dW and col2im-adds its {@code dOut x W^T} into dIn. This costs a second im2col and gains nothing in speed (measured:
 * batch-32 steps within noise either way) but holds 16 MiB where the whole buffer took 95 MB for PrimaryCaps at B=32,
 * 300 MB at B=100 and 830 MB for the MultiMNIST CapsNet at B=100. The ND4J path keeps one band, the whole buffer.
 *
 * <p>State. {@link #forward} keeps the input, the weights and (one band) the column buffer for {@link #backward};
 * backward with an input gradient then reuses the column buffer for {@code dOut x W^T}, so call forward again before
 * another backward, with the input unchanged. One instance per layer and per thread. The scratch buffer is allocated
 * outside any workspace and reused while batch size and data type stay the same; returned arrays are allocated in the
 * caller's current scope.
 */
public final class ConvolutionNhwc {

    /** Largest band of the column buffer on the Java path, in floats (16 MiB, within the last-level cache). */
    static final long DEFAULT_BAND_FLOATS = 4L << 20;
    /** Fewest columns a band spans, when the kernel allows: shallower gemms run below the sgemm's full speed. */
    static final int MIN_BAND_DEPTH = 256;

    private final int kernel;
    private final int stride;
    private final int inHeight;
    private final int inWidth;
    private final int inChannels;
    private final int outChannels;
    private final int outHeight;
    private final int outWidth;
    private final long maxBandFloats;

    private final ColumnsNhwc javaColumns;
    private INDArray cols;
    private INDArray ones;
    private long colsBatch = -1;
    private List<ColumnBand> bands;
    private INDArray savedInput;
    private INDArray savedWeights;
    private long savedBatch = -1;
    private boolean colsHoldForward;

    public ConvolutionNhwc(int kernel, int stride, int inHeight, int inWidth, int inChannels, int outChannels) {
        this(kernel, stride, inHeight, inWidth, inChannels, outChannels, DEFAULT_BAND_FLOATS);
    }

    /** With bands of at most {@code maxBandFloats} floats (tests use small ones to get many bands). */
    ConvolutionNhwc(
            int kernel, int stride, int inHeight, int inWidth, int inChannels, int outChannels, long maxBandFloats) {
        if (kernel < 1 || stride < 1 || inChannels < 1 || outChannels < 1) {
            throw new IllegalArgumentException("kernel, stride, inChannels and outChannels must be >= 1");
        }
        if (inHeight < kernel || inWidth < kernel) {
            throw new IllegalArgumentException("input " + inHeight + "x" + inWidth + " smaller than kernel " + kernel);
        }
        this.kernel = kernel;
        this.stride = stride;
        this.inHeight = inHeight;
        this.inWidth = inWidth;
        this.inChannels = inChannels;
        this.outChannels = outChannels;
        this.outHeight = (inHeight - kernel) / stride + 1;
        this.outWidth = (inWidth - kernel) / stride + 1;
        this.maxBandFloats = maxBandFloats;
        this.javaColumns = new ColumnsNhwc(kernel, stride, inHeight, inWidth, inChannels, outHeight, outWidth);
    }

    public int outHeight() {
        return outHeight;
    }

    public int outWidth() {
        return outWidth;
    }

    /** kH*kW*C, the number of weight rows. */
    public long weightRows() {
        return (long) kernel * kernel * inChannels;
    }

    /** FLOPs of one forward call (the gemm) for a batch of {@code batch}; backward with input gradient is twice this. */
    public double forwardFlops(long batch) {
        return 2.0 * batch * outHeight * outWidth * weightRows() * outChannels;
    }

    /** Pre-activation output {@code [B, oH*oW*K]} for input {@code [B, H*W*C]}. */
    public INDArray forward(INDArray input, INDArray weights, INDArray bias) {
        long batch = input.size(0);
        if (input.rank() != 2 || input.size(1) != (long) inHeight * inWidth * inChannels) {
            throw new IllegalArgumentException("input must be [B, " + (long) inHeight * inWidth * inChannels + "], got "
                    + java.util.Arrays.toString(input.shape()));
        }
        if (weights.size(0) != weightRows() || weights.size(1) != outChannels) {
            throw new IllegalArgumentException("weights must be [" + weightRows() + ", " + outChannels + "]");
        }
        INDArray in = isDenseC(input) ? input : input.dup('c');
        List<ColumnBand> plan = bands(in, weights);
        INDArray out = Nd4j.createUninitialized(input.dataType(), batch, (long) outHeight * outWidth * outChannels);
        INDArray out2 = out.reshape('c', batch * outHeight * outWidth, outChannels);
        for (ColumnBand band : plan) {
            INDArray colsBuf = bandColumns(band);
            im2col(in, colsBuf, band);
            // Kernel-row bands add up in the output: the first writes it, the others accumulate (beta 1).
            Nd4j.gemm(
                    colsBuf,
                    weightRowsOf(weights, band),
                    positionRowsOf(out2, band),
                    false,
                    false,
                    1.0,
                    band.firstKernelRow() == 0 ? 0.0 : 1.0);
        }
        out2.addiRowVector(bias);
        savedInput = in;
        savedWeights = weights;
        savedBatch = batch;
        colsHoldForward = true;
        return out;
    }

    /**
     * Writes dL/dW into {@code gradWeights} [kH*kW*C, K] and dL/db into {@code gradBias} [1, K]; returns dL/dinput
     * {@code [B, H*W*C]}, or null when {@code needInputGradient} is false.
     */
    public INDArray backward(INDArray gradOutput, INDArray gradWeights, INDArray gradBias, boolean needInputGradient) {
        if (!colsHoldForward) {
            throw new IllegalStateException("backward needs a forward call first (and one forward per backward)");
        }
        long batch = savedBatch;
        long rows = batch * outHeight * outWidth;
        if (gradOutput.length() != rows * outChannels) {
            throw new IllegalArgumentException(
                    "gradOutput must be [" + batch + ", " + (long) outHeight * outWidth * outChannels + "]");
        }
        INDArray g2 = gradOutput.reshape('c', rows, outChannels);
        boolean banded = bands.size() > 1;
        // Bands write row blocks of the weight gradient, which must then be dense c (DL4J's gradient views are).
        INDArray gw = banded && !isDenseC(gradWeights)
                ? Nd4j.createUninitialized(gradWeights.dataType(), gradWeights.shape(), 'c')
                : gradWeights;
        INDArray gradInput = needInputGradient
                ? Nd4j.createUninitialized(gradOutput.dataType(), batch, (long) inHeight * inWidth * inChannels)
                : null;
        for (ColumnBand band : bands) {
            INDArray colsBuf = bandColumns(band);
            if (banded) {
                // The buffer holds one band at a time: gather this one again, from the input kept by forward.
                im2col(savedInput, colsBuf, band);
            }
            INDArray g2Band = positionRowsOf(g2, band);
            // Example chunks add up in the weight gradient: the first writes it, the others accumulate (beta 1).
            Nd4j.gemm(colsBuf, g2Band, weightRowsOf(gw, band), true, false, 1.0, band.firstExample() == 0 ? 0.0 : 1.0);
            if (needInputGradient) {
                colsHoldForward = false;
                Nd4j.gemm(g2Band, weightRowsOf(savedWeights, band), colsBuf, false, true, 1.0, 0.0);
                if (banded) {
                    javaColumns.col2imAdd(colsBuf, band, gradInput);
                } else {
                    // col2im overwrites every element of its output (checked by a test), so no zeroing.
                    col2im(colsBuf, gradInput);
                }
            }
        }
        if (gw != gradWeights) {
            gradWeights.assign(gw);
        }
        // Column sums as a [1 x N] x [N x K] gemm: 1.3 ms against 15 ms for sum(0) at N = 12800, K = 256.
        Nd4j.gemm(ones, g2, gradBias, false, false, 1.0, 0.0);
        return gradInput;
    }

    /**
     * The column bands of this batch: several on the Java path (CPU, float32, dense c input and weights), where
     * {@link ColumnsNhwc} fills and empties any band; else one, the whole buffer, as the ND4J path needs.
     */
    private List<ColumnBand> bands(INDArray in, INDArray weights) {
        int batch = (int) in.size(0);
        boolean javaPath = HostLoops.denseFloats(in, weights)
                && (long) batch * outHeight * outWidth * weightRows() <= Integer.MAX_VALUE;
        List<ColumnBand> plan = javaPath
                ? ColumnBand.plan(
                        batch, kernel, kernel * inChannels, outHeight * outWidth, maxBandFloats, MIN_BAND_DEPTH)
                : List.of(ColumnBand.whole(batch, kernel));
        if (!plan.equals(bands) || cols == null || colsBatch != batch || cols.dataType() != in.dataType()) {
            allocateColumns(plan, batch, in.dataType());
        }
        bands = plan;
        return plan;
    }

    private void allocateColumns(List<ColumnBand> plan, long batch, DataType type) {
        long largest = 0;
        for (ColumnBand band : plan) {
            largest = Math.max(largest, bandLength(band));
        }
        cols = null;
        ones = null;
        try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            cols = Nd4j.createUninitialized(type, new long[] {largest}, 'c');
            ones = Nd4j.ones(type, 1, batch * outHeight * outWidth);
        }
        colsBatch = batch;
    }

    private long bandLength(ColumnBand band) {
        return (long) band.examples() * outHeight * outWidth * band.kernelRows() * kernel * inChannels;
    }

    /** {@code band}'s columns [examples * oH*oW, kernelRows * kW*C], a dense view at the start of the buffer. */
    private INDArray bandColumns(ColumnBand band) {
        long rows = (long) band.examples() * outHeight * outWidth;
        long width = (long) band.kernelRows() * kernel * inChannels;
        return Nd4j.create(cols.data(), new long[] {rows, width}, new long[] {width, 1}, cols.offset(), 'c');
    }

    /** The rows of {@code matrix} [B*oH*oW, n] that belong to {@code band}'s examples. */
    private INDArray positionRowsOf(INDArray matrix, ColumnBand band) {
        long perExample = (long) outHeight * outWidth;
        return rowsOf(matrix, band.firstExample() * perExample, band.endExample() * perExample);
    }

    /** The rows of {@code matrix} [kH*kW*C, K] (weights or their gradient) that belong to {@code band}'s kernel rows. */
    private INDArray weightRowsOf(INDArray matrix, ColumnBand band) {
        long perKernelRow = (long) kernel * inChannels;
        return rowsOf(matrix, band.firstKernelRow() * perKernelRow, band.endKernelRow() * perKernelRow);
    }

    private static INDArray rowsOf(INDArray matrix, long from, long to) {
        return from == 0 && to == matrix.size(0)
                ? matrix
                : matrix.get(NDArrayIndex.interval(from, to), NDArrayIndex.all());
    }

    /** Fills {@code colsBuf} with {@code band}'s columns of {@code in}; the whole buffer may take the ND4J path. */
    private void im2col(INDArray in, INDArray colsBuf, ColumnBand band) {
        if (band.examples() == in.size(0) && band.kernelRows() == kernel) {
            im2col(in, colsBuf);
        } else {
            javaColumns.im2col(in, colsBuf, band);
        }
    }

    /**
     * Gathers the columns of {@code input} [B, H*W*C] into {@code colsBuf} [B*oH*oW, kH*kW*C]: on the CPU backend with
     * {@link ColumnsNhwc}, elsewhere with {@link #im2colNd4j}.
     */
    void im2col(INDArray input, INDArray colsBuf) {
        INDArray in = isDenseC(input) ? input : input.dup('c');
        if (ColumnsNhwc.supports(colsBuf, in)) {
            javaColumns.im2col(in, colsBuf);
        } else {
            im2colNd4j(in, colsBuf);
        }
    }

    /**
     * {@link #im2col} as ONE strided ND4J copy, {@code in} dense in c order: the input seen as [B, oH, oW, kH, kW*C]
     * with strides (H*W*C, s*W*C, s*C, W*C, 1) (overlapping windows, a view that shares the input's buffer) is exactly
     * {@code colsBuf} reshaped to the same shape, because with NHWC each window row (kw, c) is contiguous.
     */
    void im2colNd4j(INDArray in, INDArray colsBuf) {
        long batch = in.size(0);
        long rowStride = (long) inWidth * inChannels;
        long[] shape = {batch, outHeight, outWidth, kernel, (long) kernel * inChannels};
        INDArray windows = Nd4j.create(
                in.data(),
                shape,
                new long[] {(long) inHeight * rowStride, stride * rowStride, (long) stride * inChannels, rowStride, 1},
                in.offset(),
                'c');
        colsBuf.reshape('c', shape).assign(windows);
    }

    /**
     * Adds the columns {@code colsBuf} [B*oH*oW, kH*kW*C] back into {@code image} [B, H*W*C]: on the CPU backend with
     * {@link ColumnsNhwc} (Java loops over contiguous runs, several times faster), elsewhere with libnd4j's col2im on
     * NCHW-permuted views of both (no copies).
     */
    void col2im(INDArray colsBuf, INDArray image) {
        if (ColumnsNhwc.supports(colsBuf, image)) {
            javaColumns.col2im(colsBuf, image);
            return;
        }
        long batch = image.size(0);
        Nd4j.exec(Col2Im.builder()
                .inputArrays(new INDArray[] {
                    colsBuf.reshape('c', batch, outHeight, outWidth, kernel, kernel, inChannels)
                            .permute(0, 5, 3, 4, 1, 2)
                })
                .outputs(new INDArray[] {
                    image.reshape('c', batch, inHeight, inWidth, inChannels).permute(0, 3, 1, 2)
                })
                .conv2DConfig(col2imConfig())
                .build());
    }

    private static boolean isDenseC(INDArray a) {
        return a.ordering() == 'c' && Shape.hasDefaultStridesForShape(a);
    }

    /** libnd4j's col2im reads its int arguments as sH, sW, pH, pW, imgH, imgW, dH, dW: kH/kW carry the image size. */
    private Conv2DConfig col2imConfig() {
        return Conv2DConfig.builder()
                .kH(inHeight)
                .kW(inWidth)
                .sH(stride)
                .sW(stride)
                .pH(0)
                .pW(0)
                .dH(1)
                .dW(1)
                .paddingMode(PaddingMode.VALID)
                .build();
    }
}
