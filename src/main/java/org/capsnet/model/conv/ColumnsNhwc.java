package org.capsnet.model.conv;

import java.nio.DoubleBuffer;
import java.nio.FloatBuffer;
import java.util.concurrent.ForkJoinPool;
import java.util.stream.IntStream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.factory.Nd4j;

/**
 * col2im of a valid NHWC convolution as plain Java loops over the arrays' host memory, for the CPU backend.
 *
 * <p>Why. libnd4j's col2im on permuted NHWC views (what {@link ConvolutionNhwc} otherwise uses) reads the
 * 95 MB PrimaryCaps column buffer through a per-element index path: 125-215 ms at B=32, more than the gemm that
 * produced it. Here each window row {@code (kw, c)} is one contiguous run in both arrays, so the work is a bulk copy
 * of every column row into a per-example float[] image and vectorisable adds of {@code kW*C} contiguous values.
 *
 * <p>Examples are split over the ND4J thread count ({@code maxMasterThreads}); each example is summed by one
 * thread in a fixed order, so results do not depend on the thread count.
 */
final class ColumnsNhwc {
  private final int kernel;
  private final int stride;
  private final int inHeight;
  private final int inWidth;
  private final int inChannels;
  private final int outHeight;
  private final int outWidth;

  ColumnsNhwc(int kernel, int stride, int inHeight, int inWidth, int inChannels, int outHeight, int outWidth) {
    this.kernel = kernel;
    this.stride = stride;
    this.inHeight = inHeight;
    this.inWidth = inWidth;
    this.inChannels = inChannels;
    this.outHeight = outHeight;
    this.outWidth = outWidth;
  }

  /** True when {@link #col2im} can run on these arrays: CPU backend, float or double, dense c order, int-sized. */
  static boolean supports(INDArray cols, INDArray image) {
    return isCpuBackend()
        && cols.dataType() == image.dataType()
        && (cols.dataType() == DataType.FLOAT || cols.dataType() == DataType.DOUBLE)
        && isDenseC(cols) && isDenseC(image)
        && cols.length() + cols.offset() <= Integer.MAX_VALUE
        && image.length() + image.offset() <= Integer.MAX_VALUE;
  }

  /** Writes (overwrites) {@code image} [B, H*W*C] with the sum of the columns {@code cols} [B*oH*oW, kH*kW*C]. */
  void col2im(INDArray cols, INDArray image) {
    int batch = (int) image.size(0);
    int threads = Math.max(1, Math.min(batch, Nd4j.getEnvironment().maxMasterThreads()));
    Runnable work = () -> IntStream.range(0, batch).parallel().forEach(
        cols.dataType() == DataType.FLOAT ? b -> col2imFloat(cols, image, b) : b -> col2imDouble(cols, image, b));
    if (threads == 1) {
      for (int b = 0; b < batch; b++) {
        if (cols.dataType() == DataType.FLOAT) {
          col2imFloat(cols, image, b);
        } else {
          col2imDouble(cols, image, b);
        }
      }
      return;
    }
    pool(threads).submit(work).join();
  }

  private void col2imFloat(INDArray cols, INDArray image, int example) {
    FloatBuffer src = cols.data().asNioFloat();
    FloatBuffer dst = image.data().asNioFloat();
    int rowLength = kernel * kernel * inChannels;
    int windowRow = kernel * inChannels;
    int imageLength = inHeight * inWidth * inChannels;
    float[] sums = new float[imageLength];
    float[] row = new float[rowLength];
    int srcBase = (int) cols.offset() + example * outHeight * outWidth * rowLength;
    for (int oy = 0; oy < outHeight; oy++) {
      for (int ox = 0; ox < outWidth; ox++) {
        src.get(srcBase + (oy * outWidth + ox) * rowLength, row, 0, rowLength);
        for (int ky = 0; ky < kernel; ky++) {
          int at = ((oy * stride + ky) * inWidth + ox * stride) * inChannels;
          int from = ky * windowRow;
          for (int j = 0; j < windowRow; j++) {
            sums[at + j] += row[from + j];
          }
        }
      }
    }
    dst.put((int) image.offset() + example * imageLength, sums, 0, imageLength);
  }

  private void col2imDouble(INDArray cols, INDArray image, int example) {
    DoubleBuffer src = cols.data().asNioDouble();
    DoubleBuffer dst = image.data().asNioDouble();
    int rowLength = kernel * kernel * inChannels;
    int windowRow = kernel * inChannels;
    int imageLength = inHeight * inWidth * inChannels;
    double[] sums = new double[imageLength];
    double[] row = new double[rowLength];
    int srcBase = (int) cols.offset() + example * outHeight * outWidth * rowLength;
    for (int oy = 0; oy < outHeight; oy++) {
      for (int ox = 0; ox < outWidth; ox++) {
        src.get(srcBase + (oy * outWidth + ox) * rowLength, row, 0, rowLength);
        for (int ky = 0; ky < kernel; ky++) {
          int at = ((oy * stride + ky) * inWidth + ox * stride) * inChannels;
          int from = ky * windowRow;
          for (int j = 0; j < windowRow; j++) {
            sums[at + j] += row[from + j];
          }
        }
      }
    }
    dst.put((int) image.offset() + example * imageLength, sums, 0, imageLength);
  }

  private static volatile ForkJoinPool pool;

  /** One pool for all convolutions of this JVM, sized by the ND4J thread count when first needed. */
  private static ForkJoinPool pool(int threads) {
    ForkJoinPool p = pool;
    if (p == null || p.getParallelism() != threads) {
      synchronized (ColumnsNhwc.class) {
        p = pool;
        if (p == null || p.getParallelism() != threads) {
          p = new ForkJoinPool(threads, daemonFactory(), null, false);
          pool = p;
        }
      }
    }
    return p;
  }

  private static ForkJoinPool.ForkJoinWorkerThreadFactory daemonFactory() {
    return fjp -> {
      var thread = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(fjp);
      thread.setDaemon(true);
      thread.setName("capsnet-col2im-" + thread.getPoolIndex());
      return thread;
    };
  }

  private static boolean isCpuBackend() {
    return Nd4j.getBackend().getClass().getSimpleName().startsWith("Cpu");
  }

  private static boolean isDenseC(INDArray a) {
    return a.ordering() == 'c' && Shape.hasDefaultStridesForShape(a);
  }
}
