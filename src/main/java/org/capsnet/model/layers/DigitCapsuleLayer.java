package org.capsnet.model.layers;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.layers.BaseLayer;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Configuration of the DigitCaps layer: prediction vectors u_hat(j|i) = W_ij u_i for every child capsule i and
 * parent j, then routing-by-agreement ({@link org.capsnet.capsule.DynamicRouting}).
 * <p>Input {@code [B, I*Din]} (I child capsules of Din dimensions, e.g. 1152 x 8), weights {@code [I, Din, J*Dout]}
 * (no bias, as in the paper's 6.8M parameters), output {@code [B, J*Dout]} (J parent capsules, e.g. 10 x 16).
 */
public class DigitCapsuleLayer extends ShapedLayer {
    private static final long serialVersionUID = 1L;

    private int children;
    private int childDim;
    private int parents;
    private int parentDim;
    private int routings;
    private boolean stopGradientInRouting;

    /** For JSON deserialisation. */
    protected DigitCapsuleLayer() {}

    private DigitCapsuleLayer(Builder b) {
        super(b);
        children = b.children;
        childDim = b.childDim;
        parents = b.parents;
        parentDim = b.parentDim;
        routings = b.routings;
        stopGradientInRouting = b.stopGradientInRouting;
        nIn = (long) children * childDim;
        nOut = (long) parents * parentDim;
    }

    public int getChildren() {
        return children;
    }

    public int getChildDim() {
        return childDim;
    }

    public int getParents() {
        return parents;
    }

    public int getParentDim() {
        return parentDim;
    }

    public int getRoutings() {
        return routings;
    }

    public boolean isStopGradientInRouting() {
        return stopGradientInRouting;
    }

    @Override
    public long[] weightShape() {
        return new long[] {children, childDim, (long) parents * parentDim};
    }

    @Override
    public long biasLength() {
        return 0;
    }

    @Override
    public double fanIn() {
        return childDim;
    }

    @Override
    public double fanOut() {
        return parentDim;
    }

    @Override
    protected BaseLayer<?> createLayer(NeuralNetConfiguration conf, DataType dataType) {
        return new DigitCapsuleLayerImpl(conf, dataType);
    }

    /** Builder: capsule counts and dimensions, routing iterations, and the routing gradient variant. */
    public static class Builder extends FeedForwardLayer.Builder<Builder> {
        private int children;
        private int childDim = 8;
        private int parents = 10;
        private int parentDim = 16;
        private int routings = 3;
        private boolean stopGradientInRouting;

        public Builder children(int count, int dim) {
            children = count;
            childDim = dim;
            return this;
        }

        public Builder parents(int count, int dim) {
            parents = count;
            parentDim = dim;
            return this;
        }

        public Builder routings(int v) {
            routings = v;
            return this;
        }
        /** Community variant: u_hat detached inside the routing loop. Default: full gradient (official code). */
        public Builder stopGradientInRouting(boolean v) {
            stopGradientInRouting = v;
            return this;
        }

        @Override
        @SuppressWarnings("unchecked")
        public DigitCapsuleLayer build() {
            if (children <= 0 || childDim <= 0 || parents <= 0 || parentDim <= 0 || routings < 1) {
                throw new IllegalArgumentException("DigitCapsuleLayer: invalid children=" + children + "x" + childDim
                        + " parents=" + parents + "x" + parentDim + " routings=" + routings);
            }
            return new DigitCapsuleLayer(this);
        }
    }
}
