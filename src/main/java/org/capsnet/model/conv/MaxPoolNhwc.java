package org.capsnet.model.conv;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.shape.OneHot;
import org.nd4j.linalg.factory.Nd4j;

/**
 * 2x2 max pooling with stride 2 on NHWC activations, as ND4J ops (no Java loops over pixels, so it runs on any
 * backend). Input {@code [B, H*W*C]} (NHWC flattened, H and W even), output {@code [B, (H/2)*(W/2)*C]}.
 * <p>
 * The four values of each window are gathered into the rows of a {@code [B*(H/2)*(W/2)*C, 4]} matrix by one
 * reshape-permute-copy; the backward pass sends each window's gradient to the first position of its maximum
 * (the usual subgradient, as in every framework's max pooling).
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

    /** {@code [B, H*W*C] -> [B, (H/2)*(W/2)*C]}. */
    public INDArray forward(INDArray input) {
        return windows(input).max(1).reshape('c', input.size(0), (long) outHeight() * outWidth() * channels);
    }

    /** The gradient with respect to the input, given the input and the gradient of the output. */
    public INDArray backward(INDArray input, INDArray outputGradient) {
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
