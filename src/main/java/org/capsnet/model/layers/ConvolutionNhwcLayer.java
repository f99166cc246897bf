package org.capsnet.model.layers;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.layers.BaseLayer;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Configuration of a valid (unpadded) square convolution on NHWC activations, computed by im2col and one sgemm
 * ({@link org.capsnet.model.conv.ConvolutionNhwc}); DL4J's own ConvolutionLayer is too slow for CapsNet on a CPU.
 * <p>Input {@code [B, H*W*C]} (NHWC flattened), weights {@code [k*k*C, K]} (row {@code (kh*k + kw)*C + c}),
 * bias {@code [K]}, output {@code [B, oH*oW*K]} (NHWC flattened), after the activation. With a
 * {@link SquashActivation} of dimension D this is the PrimaryCaps layer: K/D capsule channels of D dimensions.
 */
public class ConvolutionNhwcLayer extends ShapedLayer {
    private static final long serialVersionUID = 1L;

    private int kernel;
    private int stride;
    private int inHeight;
    private int inWidth;
    private int inChannels;
    private int outChannels;
    private boolean inputGradient = true;

    /** For JSON deserialisation. */
    protected ConvolutionNhwcLayer() {}

    private ConvolutionNhwcLayer(Builder b) {
        super(b);
        this.kernel = b.kernel;
        this.stride = b.stride;
        this.inHeight = b.inHeight;
        this.inWidth = b.inWidth;
        this.inChannels = b.inChannels;
        this.outChannels = b.outChannels;
        this.inputGradient = b.inputGradient;
        this.nIn = (long) inHeight * inWidth * inChannels;
        this.nOut = (long) outHeight() * outWidth() * outChannels;
    }

    public int getKernel() {
        return kernel;
    }

    public int getStride() {
        return stride;
    }

    public int getInHeight() {
        return inHeight;
    }

    public int getInWidth() {
        return inWidth;
    }

    public int getInChannels() {
        return inChannels;
    }

    public int getOutChannels() {
        return outChannels;
    }
    /** False for a first layer, whose input gradient nobody uses: backprop then skips the col2im. */
    public boolean isInputGradient() {
        return inputGradient;
    }

    public int outHeight() {
        return (inHeight - kernel) / stride + 1;
    }

    public int outWidth() {
        return (inWidth - kernel) / stride + 1;
    }

    @Override
    public long[] weightShape() {
        return new long[] {(long) kernel * kernel * inChannels, outChannels};
    }

    @Override
    public long biasLength() {
        return outChannels;
    }

    @Override
    public double fanIn() {
        return (double) kernel * kernel * inChannels;
    }

    @Override
    public double fanOut() {
        return (double) kernel * kernel * outChannels;
    }

    @Override
    protected BaseLayer<?> createLayer(NeuralNetConfiguration conf, DataType dataType) {
        return new ConvolutionNhwcLayerImpl(conf, dataType);
    }

    /** Builder: kernel, stride, input geometry and output channels; activation as for any DL4J layer. */
    public static class Builder extends FeedForwardLayer.Builder<Builder> {
        private int kernel = 9;
        private int stride = 1;
        private int inHeight;
        private int inWidth;
        private int inChannels = 1;
        private int outChannels;
        private boolean inputGradient = true;

        public Builder kernel(int v) {
            kernel = v;
            return this;
        }

        public Builder stride(int v) {
            stride = v;
            return this;
        }

        public Builder inputSize(int height, int width, int channels) {
            inHeight = height;
            inWidth = width;
            inChannels = channels;
            return this;
        }

        public Builder outChannels(int v) {
            outChannels = v;
            return this;
        }
        /** For the network's first layer: do not compute the gradient with respect to the input image. */
        public Builder skipInputGradient() {
            inputGradient = false;
            return this;
        }

        @Override
        @SuppressWarnings("unchecked")
        public ConvolutionNhwcLayer build() {
            if (kernel <= 0
                    || stride <= 0
                    || inHeight < kernel
                    || inWidth < kernel
                    || inChannels <= 0
                    || outChannels <= 0) {
                throw new IllegalArgumentException("ConvolutionNhwcLayer: invalid geometry kernel=" + kernel
                        + " stride=" + stride + " input=" + inHeight + "x" + inWidth + "x" + inChannels
                        + " outChannels=" + outChannels);
            }
            return new ConvolutionNhwcLayer(this);
        }
    }
}
