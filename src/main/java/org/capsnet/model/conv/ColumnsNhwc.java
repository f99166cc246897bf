package org.capsnet.model.conv;

import java.nio.ByteBuffer;
import org.capsnet.host.FloatRows;
import org.capsnet.host.HostLoops;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * im2col and col2im of a valid NHWC convolution as plain Java loops over the arrays' host memory, for the CPU backend.
 *
 * <p>Why. libnd4j's col2im on permuted NHWC views (what {@link ConvolutionNhwc} otherwise uses) reads the
 * 95 MB PrimaryCaps column buffer through a per-element index path: 125-215 ms at B=32, more than the gemm that
 * produced it. Here each window row {@code (kw, c)} is one contiguous run in both arrays, so im2col is a bulk copy of
 * every window row from the image's memory to the columns' memory, and col2im vectorisable adds of {@code kW*C}
 * contiguous values into a per-example float[] image.
 *
 * <p>Examples are split over the ND4J thread count by {@link HostLoops}; each is summed by one thread in a fixed
 * order, so results do not depend on the thread count.
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

    /**
     * Fills {@code cols} [B*oH*oW, kH*kW*C] with the windows of {@code input} [B, H*W*C]: per example one bulk read
     * of the image, then one bulk write per window row {@code (kw, c)}, a contiguous run in both.
     */
    void im2col(INDArray input, INDArray cols) {
        HostLoops.forEachExample((int) input.size(0), b -> im2colFloat(input, cols, b));
    }

    private void im2colFloat(INDArray input, INDArray cols, int example) {
        int imageLength = inHeight * inWidth * inChannels;
        int windowRowBytes = kernel * inChannels * Float.BYTES;
        // Straight from ND4J's memory to ND4J's memory: no copy of the image into a Java array first.
        ByteBuffer in = input.data().asNio();
        ByteBuffer out = cols.data().asNio();
        int image = (int) (input.offset() + (long) example * imageLength) * Float.BYTES;
        int to = (int) (cols.offset() + (long) example * outHeight * outWidth * kernel * kernel * inChannels)
                * Float.BYTES;
        for (int oy = 0; oy < outHeight; oy++) {
            for (int ox = 0; ox < outWidth; ox++) {
                for (int ky = 0; ky < kernel; ky++) {
                    out.put(
                            to,
                            in,
                            image + ((oy * stride + ky) * inWidth + ox * stride) * inChannels * Float.BYTES,
                            windowRowBytes);
                    to += windowRowBytes;
                }
            }
        }
    }

    /**
     * True when {@link #im2col}/{@link #col2im} can run on these arrays: CPU backend, float32, dense c order, every
     * byte at an int index (the ND4J path takes larger arrays, e.g. PrimaryCaps' columns beyond about 700 examples).
     * Double arrays (the gradient checks) take the ND4J path, which the tests compare with this one.
     */
    static boolean supports(INDArray cols, INDArray image) {
        return HostLoops.denseFloats(cols, image);
    }

    /** Writes (overwrites) {@code image} [B, H*W*C] with the sum of the columns {@code cols} [B*oH*oW, kH*kW*C]. */
    void col2im(INDArray cols, INDArray image) {
        HostLoops.forEachExample((int) image.size(0), b -> col2imFloat(cols, image, b));
    }

    private void col2imFloat(INDArray cols, INDArray image, int example) {
        int rowLength = kernel * kernel * inChannels;
        int windowRow = kernel * inChannels;
        int imageLength = inHeight * inWidth * inChannels;
        float[] sums = HostLoops.floats(0, imageLength);
        java.util.Arrays.fill(sums, 0, imageLength, 0f);
        // The column rows are added straight from ND4J's memory (no copy of the 95 MB PrimaryCaps buffer), by
        // FloatRows' SIMD loops: C2 leaves a loop over two arrays at different offsets scalar.
        ByteBuffer columns = HostLoops.nativeBytes(cols);
        int first = (int) cols.offset() + example * outHeight * outWidth * rowLength;
        for (int oy = 0; oy < outHeight; oy++) {
            for (int ox = 0; ox < outWidth; ox++) {
                int row = first + (oy * outWidth + ox) * rowLength;
                for (int ky = 0; ky < kernel; ky++) {
                    int at = ((oy * stride + ky) * inWidth + ox * stride) * inChannels;
                    FloatRows.addFrom(columns, row + ky * windowRow, sums, at, windowRow);
                }
            }
        }
        HostLoops.write(sums, image, (long) example * imageLength, imageLength);
    }
}
