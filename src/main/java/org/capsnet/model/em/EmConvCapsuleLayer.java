package org.capsnet.model.em;

import org.capsnet.model.layers.ShapedLayer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.layers.BaseLayer;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Configuration of a convolutional matrix-capsule layer: each K x K window (stride s, no padding) of a grid of
 * C child capsule types votes for D parent types at that position through 4x4 transformations shared over
 * positions, then EM routing ({@link org.capsnet.capsule.em.EmRouting}) within the window.
 * <p>Input {@code [B, H*W*C*17]} (grid [B, H, W, C, 17]: 16 pose entries then the activation), weights
 * {@code [K*K*C, 4, D, 4]}, bias {@code [2*D]} = (beta_v of each parent type, then beta_a), output
 * {@code [B, oH*oW*D*17]} with oH = (H - K) / s + 1.
 * <p>A child in several windows is routed separately in each (parents at different positions do not compete for
 * it): see src/site/markdown/em-routing.md.
 */
public class EmConvCapsuleLayer extends ShapedLayer {
    private static final long serialVersionUID = 1L;

    private int inHeight;
    private int inWidth;
    private int inTypes;
    private int kernel;
    private int stride;
    private int outTypes;
    private int iterations;
    private double inverseTemperature;

    /** For JSON deserialisation. */
    protected EmConvCapsuleLayer() {}

    private EmConvCapsuleLayer(Builder b) {
        super(b);
        inHeight = b.inHeight;
        inWidth = b.inWidth;
        inTypes = b.inTypes;
        kernel = b.kernel;
        stride = b.stride;
        outTypes = b.outTypes;
        iterations = b.iterations;
        inverseTemperature = b.inverseTemperature;
        nIn = (long) inHeight * inWidth * inTypes * 17;
        nOut = (long) outHeight() * outWidth() * outTypes * 17;
    }

    public int getInHeight() {
        return inHeight;
    }

    public int getInWidth() {
        return inWidth;
    }

    public int getInTypes() {
        return inTypes;
    }

    public int getKernel() {
        return kernel;
    }

    public int getStride() {
        return stride;
    }

    public int getOutTypes() {
        return outTypes;
    }

    public int getIterations() {
        return iterations;
    }

    public double getInverseTemperature() {
        return inverseTemperature;
    }

    public int outHeight() {
        return (inHeight - kernel) / stride + 1;
    }

    public int outWidth() {
        return (inWidth - kernel) / stride + 1;
    }

    @Override
    public long[] weightShape() {
        return new long[] {(long) kernel * kernel * inTypes, 4, outTypes, 4};
    }

    @Override
    public long biasLength() {
        return 2L * outTypes;
    }

    /** A vote entry sums 4 products: Xavier over 4 in, 4 out keeps the votes' scale that of the poses. */
    @Override
    public double fanIn() {
        return 4;
    }

    @Override
    public double fanOut() {
        return 4;
    }

    @Override
    protected BaseLayer<?> createLayer(NeuralNetConfiguration conf, DataType dataType) {
        return new EmConvCapsuleLayerImpl(conf, dataType);
    }

    /** Builder: input grid, kernel and stride, parent types, routing iterations and inverse temperature. */
    public static class Builder extends FeedForwardLayer.Builder<Builder> {
        private int inHeight;
        private int inWidth;
        private int inTypes;
        private int kernel = 3;
        private int stride = 1;
        private int outTypes;
        private int iterations = 2;
        private double inverseTemperature = 1.0;

        public Builder input(int height, int width, int types) {
            inHeight = height;
            inWidth = width;
            inTypes = types;
            return this;
        }

        public Builder kernel(int v) {
            kernel = v;
            return this;
        }

        public Builder stride(int v) {
            stride = v;
            return this;
        }

        public Builder outTypes(int v) {
            outTypes = v;
            return this;
        }

        public Builder iterations(int v) {
            iterations = v;
            return this;
        }

        public Builder inverseTemperature(double v) {
            inverseTemperature = v;
            return this;
        }

        @Override
        @SuppressWarnings("unchecked")
        public EmConvCapsuleLayer build() {
            if (kernel < 1
                    || stride < 1
                    || inHeight < kernel
                    || inWidth < kernel
                    || inTypes < 1
                    || outTypes < 1
                    || iterations < 1
                    || !(inverseTemperature > 0)) {
                throw new IllegalArgumentException("EmConvCapsuleLayer: invalid geometry kernel=" + kernel
                        + " stride=" + stride + " input=" + inHeight + "x" + inWidth + "x" + inTypes + " outTypes="
                        + outTypes + " iterations=" + iterations + " lambda=" + inverseTemperature);
            }
            return new EmConvCapsuleLayer(this);
        }
    }
}
