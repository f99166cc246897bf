package org.capsnet.capsule.em;

import java.util.Arrays;
import org.capsnet.host.HostLoops;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The receptive fields of a convolutional capsule layer (im2col for capsule grids, valid, no padding): every
 * K x K window, at stride s, of a grid of capsules with F numbers each (16 pose entries and an activation).
 *
 * <p>Shapes: grid {@code [B, H, W, C, F]}; patches {@code [B, oH, oW, K, K, C, F]} with oH = (H - K) / s + 1.
 * Forward is K*K strided copies; backward adds each window offset's gradient back into its strided view of the
 * grid (a child in several windows receives the sum). On the CPU backend with dense arrays both are Java loops per
 * example instead (row copies; the gradient summed in double), elsewhere ND4J strided copies.
 */
public final class CapsulePatches {
    private final int kernel;
    private final int stride;

    public CapsulePatches(int kernel, int stride) {
        if (kernel < 1 || stride < 1) {
            throw new IllegalArgumentException("kernel and stride must be >= 1, got " + kernel + ", " + stride);
        }
        this.kernel = kernel;
        this.stride = stride;
    }

    public int outSize(long in) {
        if (in < kernel) {
            throw new IllegalArgumentException("grid of " + in + " is smaller than the kernel " + kernel);
        }
        return (int) ((in - kernel) / stride + 1);
    }

    public INDArray forward(INDArray grid) {
        check(grid);
        return HostLoops.supports(grid) ? forwardHost(grid) : forwardNd4j(grid);
    }

    /** The forward pass as ND4J strided copies (every backend). */
    INDArray forwardNd4j(INDArray grid) {
        check(grid);
        long b = grid.size(0);
        int oh = outSize(grid.size(1));
        int ow = outSize(grid.size(2));
        INDArray out = Nd4j.createUninitialized(grid.dataType(), b, oh, ow, kernel, kernel, grid.size(3), grid.size(4));
        for (int kh = 0; kh < kernel; kh++) {
            for (int kw = 0; kw < kernel; kw++) {
                out.get(offset(kh, kw)).assign(grid.get(window(kh, kw, oh, ow)));
            }
        }
        return out;
    }

    /** dL/dgrid [B, H, W, C, F] given dL/dpatches. */
    public INDArray backward(INDArray gradPatches, long height, long width) {
        checkGradient(gradPatches, height, width);
        return HostLoops.supports(gradPatches)
                ? backwardHost(gradPatches, (int) height, (int) width)
                : backwardNd4j(gradPatches, height, width);
    }

    /** The backward pass as ND4J strided additions (every backend). */
    INDArray backwardNd4j(INDArray gradPatches, long height, long width) {
        checkGradient(gradPatches, height, width);
        long b = gradPatches.size(0);
        int oh = outSize(height);
        int ow = outSize(width);
        INDArray grad = Nd4j.zeros(gradPatches.dataType(), b, height, width, gradPatches.size(5), gradPatches.size(6));
        for (int kh = 0; kh < kernel; kh++) {
            for (int kw = 0; kw < kernel; kw++) {
                grad.get(window(kh, kw, oh, ow)).addi(gradPatches.get(offset(kh, kw)));
            }
        }
        return grad;
    }

    /** Per example: its grid read once, each window's K*K rows of C*F numbers gathered, the windows written once. */
    private INDArray forwardHost(INDArray grid) {
        int b = (int) grid.size(0);
        int height = (int) grid.size(1);
        int width = (int) grid.size(2);
        int row = (int) (grid.size(3) * grid.size(4));
        int oh = outSize(height);
        int ow = outSize(width);
        int perExample = height * width * row;
        int outPerExample = oh * ow * kernel * kernel * row;
        INDArray out = Nd4j.createUninitialized(grid.dataType(), b, oh, ow, kernel, kernel, grid.size(3), grid.size(4));
        HostLoops.forEachExample(b, e -> {
            double[] in = HostLoops.doubles(0, perExample);
            double[] windows = HostLoops.doubles(1, outPerExample);
            HostLoops.read(grid, (long) e * perExample, in, perExample);
            int to = 0;
            for (int y = 0; y < oh; y++) {
                for (int x = 0; x < ow; x++) {
                    for (int kh = 0; kh < kernel; kh++) {
                        for (int kw = 0; kw < kernel; kw++) {
                            System.arraycopy(in, ((y * stride + kh) * width + x * stride + kw) * row, windows, to, row);
                            to += row;
                        }
                    }
                }
            }
            HostLoops.write(windows, out, (long) e * outPerExample, outPerExample);
        });
        return out;
    }

    /** Each example's gradient summed in double over its windows, in window order, then written once. */
    private INDArray backwardHost(INDArray gradPatches, int height, int width) {
        int b = (int) gradPatches.size(0);
        int row = (int) (gradPatches.size(5) * gradPatches.size(6));
        int oh = outSize(height);
        int ow = outSize(width);
        int perExample = height * width * row;
        INDArray grad = Nd4j.createUninitialized(
                gradPatches.dataType(), b, height, width, gradPatches.size(5), gradPatches.size(6));
        HostLoops.forEachExample(b, e -> {
            double[] sum = HostLoops.doubles(0, perExample);
            Arrays.fill(sum, 0, perExample, 0.0);
            int outPerExample = oh * ow * kernel * kernel * row;
            double[] windows = HostLoops.doubles(1, outPerExample);
            HostLoops.read(gradPatches, (long) e * outPerExample, windows, outPerExample);
            int from = 0;
            for (int y = 0; y < oh; y++) {
                for (int x = 0; x < ow; x++) {
                    for (int kh = 0; kh < kernel; kh++) {
                        for (int kw = 0; kw < kernel; kw++) {
                            int at = ((y * stride + kh) * width + x * stride + kw) * row;
                            for (int k = 0; k < row; k++) {
                                sum[at + k] += windows[from + k];
                            }
                            from += row;
                        }
                    }
                }
            }
            HostLoops.write(sum, grad, (long) e * perExample, perExample);
        });
        return grad;
    }

    private void checkGradient(INDArray gradPatches, long height, long width) {
        int oh = outSize(height);
        int ow = outSize(width);
        if (gradPatches.rank() != 7
                || gradPatches.size(1) != oh
                || gradPatches.size(2) != ow
                || gradPatches.size(3) != kernel
                || gradPatches.size(4) != kernel) {
            throw new IllegalArgumentException("gradPatches must be [B, " + oh + ", " + ow + ", " + kernel + ", "
                    + kernel + ", C, F], got " + Arrays.toString(gradPatches.shape()));
        }
    }

    private INDArrayIndex[] window(int kh, int kw, int oh, int ow) {
        return new INDArrayIndex[] {
            NDArrayIndex.all(),
            NDArrayIndex.interval(kh, stride, kh + (long) stride * (oh - 1) + 1),
            NDArrayIndex.interval(kw, stride, kw + (long) stride * (ow - 1) + 1),
            NDArrayIndex.all(),
            NDArrayIndex.all()
        };
    }

    private static INDArrayIndex[] offset(int kh, int kw) {
        return new INDArrayIndex[] {
            NDArrayIndex.all(),
            NDArrayIndex.all(),
            NDArrayIndex.all(),
            NDArrayIndex.point(kh),
            NDArrayIndex.point(kw),
            NDArrayIndex.all(),
            NDArrayIndex.all()
        };
    }

    private static void check(INDArray grid) {
        if (grid.rank() != 5) {
            throw new IllegalArgumentException("grid must be [B, H, W, C, F], got " + Arrays.toString(grid.shape()));
        }
    }
}
