package org.capsnet.model.vertices;

import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Configuration of a 2x2, stride-2 max pooling vertex on NHWC-flattened activations
 * ({@link org.capsnet.model.conv.MaxPoolNhwc}): {@code [B, H*W*C] -> [B, (H/2)*(W/2)*C]}. It sits between
 * {@link org.capsnet.model.layers.ConvolutionNhwcLayer}s, which use the same layout.
 */
public class MaxPoolNhwcVertex extends ParameterFreeVertexConfig {
    private static final long serialVersionUID = 1L;

    private final int height;
    private final int width;
    private final int channels;

    public MaxPoolNhwcVertex(
            @JsonProperty("height") int height,
            @JsonProperty("width") int width,
            @JsonProperty("channels") int channels) {
        this.height = height;
        this.width = width;
        this.channels = channels;
    }

    public int getHeight() {
        return height;
    }

    public int getWidth() {
        return width;
    }

    public int getChannels() {
        return channels;
    }

    @Override
    public MaxPoolNhwcVertex clone() {
        return new MaxPoolNhwcVertex(height, width, channels);
    }

    @Override
    protected int inputCount() {
        return 1;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof MaxPoolNhwcVertex other
                && other.height == height
                && other.width == width
                && other.channels == channels;
    }

    @Override
    public int hashCode() {
        return (31 * height + width) * 31 + channels;
    }

    @Override
    public org.deeplearning4j.nn.graph.vertex.GraphVertex instantiate(
            ComputationGraph graph,
            String name,
            int idx,
            INDArray paramsView,
            boolean initializeParams,
            DataType networkDatatype) {
        return new MaxPoolNhwcVertexImpl(graph, name, idx, height, width, channels, networkDatatype);
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType... vertexInputs) {
        return InputType.feedForward((long) (height / 2) * (width / 2) * channels);
    }
}
