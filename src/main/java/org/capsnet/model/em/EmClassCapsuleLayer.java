package org.capsnet.model.em;

import org.capsnet.model.layers.ShapedLayer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.layers.BaseLayer;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Configuration of the class capsules: every child capsule of an H x W grid of C types votes for each of J classes
 * through a 4x4 transformation per (child type, class) shared over positions, with coordinate addition
 * ({@link org.capsnet.capsule.em.CoordinateAddition}), then EM routing over all H*W*C children of an image.
 * <p>Input {@code [B, H*W*C*17]} (grid [B, H, W, C, 17]), weights {@code [C, 4, J, 4]}, bias {@code [2*J]} =
 * (beta_v per class, then beta_a), output the class activations {@code [B, J]} in (0, 1) (the class poses are not
 * used by this network: no decoder).
 */
public class EmClassCapsuleLayer extends ShapedLayer {
    private static final long serialVersionUID = 1L;

    private int inHeight;
    private int inWidth;
    private int inTypes;
    private int classes;
    private int iterations;
    private double inverseTemperature;

    /** For JSON deserialisation. */
    protected EmClassCapsuleLayer() {}

    private EmClassCapsuleLayer(Builder b) {
        super(b);
        inHeight = b.inHeight;
        inWidth = b.inWidth;
        inTypes = b.inTypes;
        classes = b.classes;
        iterations = b.iterations;
        inverseTemperature = b.inverseTemperature;
        nIn = (long) inHeight * inWidth * inTypes * 17;
        nOut = classes;
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

    public int getClasses() {
        return classes;
    }

    public int getIterations() {
        return iterations;
    }

    public double getInverseTemperature() {
        return inverseTemperature;
    }

    @Override
    public long[] weightShape() {
        return new long[] {inTypes, 4, classes, 4};
    }

    @Override
    public long biasLength() {
        return 2L * classes;
    }

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
        return new EmClassCapsuleLayerImpl(conf, dataType);
    }

    /** Builder: input grid, number of classes, routing iterations and inverse temperature. */
    public static class Builder extends FeedForwardLayer.Builder<Builder> {
        private int inHeight;
        private int inWidth;
        private int inTypes;
        private int classes = 10;
        private int iterations = 2;
        private double inverseTemperature = 1.0;

        public Builder input(int height, int width, int types) {
            inHeight = height;
            inWidth = width;
            inTypes = types;
            return this;
        }

        public Builder classes(int v) {
            classes = v;
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
        public EmClassCapsuleLayer build() {
            if (inHeight < 1
                    || inWidth < 1
                    || inTypes < 1
                    || classes < 1
                    || iterations < 1
                    || !(inverseTemperature > 0)) {
                throw new IllegalArgumentException("EmClassCapsuleLayer: invalid input=" + inHeight + "x" + inWidth
                        + "x" + inTypes + " classes=" + classes + " iterations=" + iterations + " lambda="
                        + inverseTemperature);
            }
            return new EmClassCapsuleLayer(this);
        }
    }
}
