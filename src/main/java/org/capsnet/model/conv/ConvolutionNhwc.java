package org.capsnet.model.conv;

import static org.nd4j.linalg.indexing.NDArrayIndex.all;
import static org.nd4j.linalg.indexing.NDArrayIndex.interval;
import static org.nd4j.linalg.indexing.NDArrayIndex.point;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.layers.convolution.Col2Im;
import org.nd4j.linalg.api.ops.impl.layers.convolution.Im2col;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.Conv2DConfig;
import org.nd4j.linalg.api.ops.impl.layers.convolution.config.PaddingMode;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Valid (no padding) 2-D convolution as im2col + one sgemm, with a hand-written backward.
 *
 * <p>Shapes. Activations NHWC flattened: input {@code [B, H*W*C]}, output {@code [B, oH*oW*K]} with
 * {@code oH = (H - kernel) / stride + 1}. Weights {@code [kH*kW*C, K]}, row index {@code (kh*kW + kw)*C + c};
 * bias {@code [1, K]}.
 *
 * <p>How. The column buffer {@code cols [B*oH*oW, kH*kW*C]} (c order) is exactly the left gemm operand, so no
 * permute+copy is needed: forward is {@code out = cols x W + b} written straight into the NHWC output;
 * backward is {@code dW = cols^T x dOut} (transpose flag, no copy), {@code db = sum_rows(dOut)} and, when asked,
 * {@code dIn = col2im(dOut x W^T)}. im2col and col2im are 81 (kH*kW) strided-view ND4J ops: with NHWC input each
 * (kh, kw) block of a column row is a contiguous C-vector, so offset k copies the input view
 * {@code [B, oH, oW, C]} (stride-s slices starting at kh, kw) into {@code cols} viewed as {@code [B, oH, oW, kH*kW, C]}
 * at index k (and col2im adds it back). libnd4j's own im2col/col2im ops writing into a permuted view of the same
 * buffer are the alternative ({@link Im2colMethod#LIBND4J}); see {@link ConvolutionBenchmark} for the measurements
 * behind the default.
 *
 * <p>State. {@link #forward} keeps the column buffer and the weights for {@link #backward}; backward then reuses the
 * column buffer for {@code dOut x W^T}, so call forward again before another backward. One instance per layer and per
 * thread. The scratch buffer is allocated outside any workspace and reused while batch size and data type stay the
 * same; returned arrays are allocated in the caller's current scope.
 */
public final class ConvolutionNhwc {

  /** How columns are gathered (im2col) and scattered back (col2im). */
  public enum Im2colMethod {
    /** One strided-view assign (addi for col2im) per kernel offset: kH*kW ND4J ops. */
    OFFSET_VIEWS,
    /** libnd4j's im2col / col2im custom ops on NCHW-permuted views of the NHWC arrays. */
    LIBND4J
  }

  private final int kernel;
  private final int stride;
  private final int inHeight;
  private final int inWidth;
  private final int inChannels;
  private final int outChannels;
  private final int outHeight;
  private final int outWidth;
  private final Im2colMethod method;

  private INDArray cols;
  private long colsBatch = -1;
  private INDArray savedWeights;
  private long savedBatch = -1;
  private boolean colsHoldForward;

  public ConvolutionNhwc(int kernel, int stride, int inHeight, int inWidth, int inChannels, int outChannels) {
    this(kernel, stride, inHeight, inWidth, inChannels, outChannels, Im2colMethod.OFFSET_VIEWS);
  }

  public ConvolutionNhwc(int kernel, int stride, int inHeight, int inWidth, int inChannels, int outChannels,
      Im2colMethod method) {
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
    this.method = method;
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
    INDArray colsBuf = columns(batch, input.dataType());
    INDArray in4 = input.reshape('c', batch, inHeight, inWidth, inChannels);
    if (method == Im2colMethod.OFFSET_VIEWS) {
      INDArray cols5 = colsBuf.reshape('c', batch, outHeight, outWidth, (long) kernel * kernel, inChannels);
      for (int kh = 0; kh < kernel; kh++) {
        for (int kw = 0; kw < kernel; kw++) {
          cols5.get(all(), all(), all(), point((long) kh * kernel + kw), all()).assign(window(in4, kh, kw));
        }
      }
    } else {
      Nd4j.exec(Im2col.builder()
          .inputArrays(new INDArray[] {in4.permute(0, 3, 1, 2)})
          .outputs(new INDArray[] {colsAsNchwCols(colsBuf, batch)})
          .conv2DConfig(config())
          .build());
    }
    INDArray out = Nd4j.createUninitialized(input.dataType(), batch, (long) outHeight * outWidth * outChannels);
    INDArray out2 = out.reshape('c', batch * outHeight * outWidth, outChannels);
    Nd4j.gemm(colsBuf, weights, out2, false, false, 1.0, 0.0);
    out2.addiRowVector(bias);
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
      throw new IllegalArgumentException("gradOutput must be [" + batch + ", " + (long) outHeight * outWidth
          * outChannels + "]");
    }
    INDArray g2 = gradOutput.reshape('c', rows, outChannels);
    Nd4j.gemm(cols, g2, gradWeights, true, false, 1.0, 0.0);
    gradBias.assign(g2.sum(true, 0));
    if (!needInputGradient) {
      return null;
    }
    colsHoldForward = false;
    Nd4j.gemm(g2, savedWeights, cols, false, true, 1.0, 0.0);
    INDArray gradInput = Nd4j.zeros(gradOutput.dataType(), batch, (long) inHeight * inWidth * inChannels);
    INDArray in4 = gradInput.reshape('c', batch, inHeight, inWidth, inChannels);
    if (method == Im2colMethod.OFFSET_VIEWS) {
      INDArray cols5 = cols.reshape('c', batch, outHeight, outWidth, (long) kernel * kernel, inChannels);
      for (int kh = 0; kh < kernel; kh++) {
        for (int kw = 0; kw < kernel; kw++) {
          window(in4, kh, kw).addi(cols5.get(all(), all(), all(), point((long) kh * kernel + kw), all()));
        }
      }
    } else {
      Nd4j.exec(Col2Im.builder()
          .inputArrays(new INDArray[] {colsAsNchwCols(cols, batch)})
          .outputs(new INDArray[] {in4.permute(0, 3, 1, 2)})
          .conv2DConfig(col2imConfig())
          .build());
    }
    return gradInput;
  }

  /** The input pixels that kernel offset (kh, kw) meets: view [B, oH, oW, C] of {@code in4} [B, H, W, C]. */
  private INDArray window(INDArray in4, int kh, int kw) {
    return in4.get(all(),
        interval(kh, stride, kh + (long) stride * (outHeight - 1) + 1),
        interval(kw, stride, kw + (long) stride * (outWidth - 1) + 1),
        all());
  }

  /** The column buffer seen in libnd4j's im2col layout [B, C, kH, kW, oH, oW] (a permuted view, no copy). */
  private INDArray colsAsNchwCols(INDArray buf, long batch) {
    return buf.reshape('c', batch, outHeight, outWidth, kernel, kernel, inChannels).permute(0, 5, 3, 4, 1, 2);
  }

  private Conv2DConfig config() {
    return Conv2DConfig.builder().kH(kernel).kW(kernel).sH(stride).sW(stride).pH(0).pW(0).dH(1).dW(1)
        .paddingMode(PaddingMode.VALID).build();
  }

  /** libnd4j's col2im reads its int arguments as sH, sW, pH, pW, imgH, imgW, dH, dW: kH/kW carry the image size. */
  private Conv2DConfig col2imConfig() {
    return Conv2DConfig.builder().kH(inHeight).kW(inWidth).sH(stride).sW(stride).pH(0).pW(0).dH(1).dW(1)
        .paddingMode(PaddingMode.VALID).build();
  }

  private INDArray columns(long batch, DataType type) {
    if (cols == null || colsBatch != batch || cols.dataType() != type) {
      cols = null;
      try (MemoryWorkspace ignored = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
        cols = Nd4j.createUninitialized(type, new long[] {batch * outHeight * outWidth, weightRows()}, 'c');
      }
      colsBatch = batch;
    }
    return cols;
  }
}
