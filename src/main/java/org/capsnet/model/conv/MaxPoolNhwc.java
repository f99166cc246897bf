package org.capsnet.model.conv;

import java.nio.ByteBuffer;
import org.capsnet.host.FloatRows;
import org.capsnet.host.HostLoops;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.shape.OneHot;
import org.nd4j.linalg.factory.Nd4j;

/**
 * 2x2 max pooling with stride 2 on NHWC activations. Input {@code [B, H*W*C]} (NHWC flattened, H and W even), output
 * {@code [B, (H/2)*(W/2)*C]}. The backward pass sends each window's gradient to the first position of its maximum
 * (the usual subgradient, as in every framework's max pooling), in the order (0,0), (0,1), (1,0), (1,1).
 * <p>
 * Two paths with the same results. On the CPU backend with float arrays, Java loops over ND4J's memory: each window is
 * four runs of C contiguous channels, taken a vector at a time ({@link FloatRows#maxOfWindow}). Why: the ND4J path
 * gathers the windows with a 6-d permute-copy that libnd4j runs element by element; at batch 32 the baseline CNN's
 * two pools cost 39% of its training step that way (pool1's input is 51 MB). Otherwise (double arrays, as in the
 * gradient checks, or other backends) ND4J ops: the windows gathered into the rows of a {@code [B*(H/2)*(W/2)*C, 4]}
 * matrix, max and argmax over the rows.
 */
public final class MaxPoolNhwc {
    private static final int WINDOW = 2;

    private final int height;
    private final int width;
    private final int channels;

    public MaxPoolNhwc(int height, int width, int channels) {
        if (height % WINDOW != 0 || width % WINDOW != 0) {
            throw new IllegalArgumentException("2x2 max pooling needs even sizes, got " + height + "x" + width);
        }
        this.height = height;
        this.width = width;
        this.channels = channels;
    }

    public int outHeight() {
        return height / WINDOW;
    }

    public int outWidth() {
        return width / WINDOW;
    }

    private long outLength() {
        return (long) outHeight() * outWidth() * channels;
    }

    /** {@code [B, H*W*C] -> [B, (H/2)*(W/2)*C]}. */
    public INDArray forward(INDArray input) {
        if (!HostLoops.denseFloats(input)) {
            return forwardNd4j(input);
        }
        INDArray output = Nd4j.createUninitialized(DataType.FLOAT, input.size(0), outLength());
        HostLoops.forEachExample(
                (int) input.size(0),
                b -> forEachWindow(
                        input,
                        output,
                        b,
                        (in, inAt, out, outAt) ->
                                FloatRows.maxOfWindow(in, inAt, channels, width * channels, out, outAt, channels)));
        return output;
    }

    /** The gradient with respect to the input, given the input and the gradient of the output. */
    public INDArray backward(INDArray input, INDArray outputGradient) {
        if (!HostLoops.denseFloats(input, outputGradient)) {
            return backwardNd4j(input, outputGradient);
        }
        INDArray inputGradient = Nd4j.createUninitialized(DataType.FLOAT, input.shape());
        ByteBuffer inGrad = HostLoops.nativeBytes(inputGradient);
        int shift = (int) (inputGradient.offset() - input.offset());
        // Every input position lies in exactly one window (sizes even), so each is written once: no zeroing first.
        HostLoops.forEachExample(
                (int) input.size(0),
                b -> forEachWindow(
                        input,
                        outputGradient,
                        b,
                        (in, inAt, grad, gradAt) -> FloatRows.toFirstMaxOfWindow(
                                in, inAt, channels, width * channels, grad, gradAt, inGrad, inAt + shift, channels)));
        return inputGradient;
    }

    /** What {@link #forEachWindow} calls per window: offsets in floats of its top-left corner and of its output. */
    @FunctionalInterface
    private interface WindowBody {
        void accept(ByteBuffer in, int inAt, ByteBuffer out, int outAt);
    }

    /** Calls {@code body} for every window of example {@code b}, with {@code perWindow}'s matching row. */
    private void forEachWindow(INDArray input, INDArray perWindow, int b, WindowBody body) {
        ByteBuffer in = HostLoops.nativeBytes(input);
        ByteBuffer out = HostLoops.nativeBytes(perWindow);
        int image = (int) (input.offset() + (long) b * height * width * channels);
        int outAt = (int) (perWindow.offset() + b * outLength());
        for (int i = 0; i < outHeight(); i++) {
            for (int j = 0; j < outWidth(); j++) {
                body.accept(in, image + (WINDOW * i * width + WINDOW * j) * channels, out, outAt);
                outAt += channels;
            }
        }
    }

    /** The ND4J path of {@link #forward} (for the tests that compare the two). */
    INDArray forwardNd4j(INDArray input) {
        return windows(input).max(1).reshape('c', input.size(0), outLength());
    }

    /** The ND4J path of {@link #backward} (for the tests that compare the two). */
    INDArray backwardNd4j(INDArray input, INDArray outputGradient) {
        INDArray windows = windows(input);
        INDArray firstMax = Nd4j.argMax(windows, 1);
        INDArray selected =
                Nd4j.exec(new OneHot(
                        firstMax, Nd4j.createUninitialized(windows.dataType(), windows.shape()), WINDOW * WINDOW))[0];
        INDArray windowGradients = selected.muliColumnVector(outputGradient.reshape('c', windows.size(0), 1));
        long batch = input.size(0);
        return windowGradients
                .reshape('c', batch, outHeight(), outWidth(), channels, WINDOW, WINDOW)
                .permute(0, 1, 4, 2, 5, 3)
                .dup('c')
                .reshape('c', batch, (long) height * width * channels);
    }

    /** {@code [B*(H/2)*(W/2)*C, 4]}: row (b, i, j, c) holds the window at (2i, 2j) of channel c. */
    private INDArray windows(INDArray input) {
        long batch = input.size(0);
        return input.reshape('c', batch, outHeight(), WINDOW, outWidth(), WINDOW, channels)
                .permute(0, 1, 3, 5, 2, 4)
                .dup('c')
                .reshape('c', batch * outHeight() * outWidth() * channels, (long) WINDOW * WINDOW);
    }
}
