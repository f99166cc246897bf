package org.capsnet.model.vertices;

import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * Undoes the row stacking of {@link DigitsMaskVertex}: {@code [k*B, n]} (row {@code b*k + d} = digit d of example
 * b) to {@code [B, k*n]} (digit 1's n values, then digit 2's, ...), so that a loss layer after it sees one row per
 * example and DL4J's minibatch size (B) is that of the graph's input. Both directions are row-major reshapes.
 */
public class StackedRowsVertex extends ParameterFreeVertexConfig {
    private static final long serialVersionUID = 1L;

    private final int digits;
    private final long width;

    public StackedRowsVertex(@JsonProperty("digits") int digits, @JsonProperty("width") long width) {
        this.digits = digits;
        this.width = width;
    }

    public int getDigits() {
        return digits;
    }

    public long getWidth() {
        return width;
    }

    @Override
    public StackedRowsVertex clone() {
        return new StackedRowsVertex(digits, width);
    }

    @Override
    protected int inputCount() {
        return 1;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StackedRowsVertex
                && ((StackedRowsVertex) o).digits == digits
                && ((StackedRowsVertex) o).width == width;
    }

    @Override
    public int hashCode() {
        return 47 * digits + Long.hashCode(width);
    }

    @Override
    public org.deeplearning4j.nn.graph.vertex.GraphVertex instantiate(
            ComputationGraph graph,
            String name,
            int idx,
            INDArray paramsView,
            boolean initializeParams,
            DataType networkDatatype) {
        return new Impl(graph, name, idx, digits, width, networkDatatype);
    }

    @Override
    public InputType getOutputType(int layerIndex, InputType... vertexInputs) {
        return InputType.feedForward(digits * width);
    }

    /** Forward {@code [k*B, n] -> [B, k*n]}, backward the inverse reshape. */
    static final class Impl extends ParameterFreeVertex {
        private final int digits;
        private final long width;

        Impl(ComputationGraph graph, String name, int vertexIndex, int digits, long width, DataType dataType) {
            super(graph, name, vertexIndex, dataType);
            this.digits = digits;
            this.width = width;
        }

        @Override
        public INDArray doForward(boolean training, LayerWorkspaceMgr workspaceMgr) {
            INDArray in = inputs[0];
            if (in.rank() != 2 || in.size(1) != width || in.size(0) % digits != 0) {
                throw new IllegalArgumentException(vertexName + " takes [k*B, " + width + "] with k = " + digits
                        + ", got " + java.util.Arrays.toString(in.shape()));
            }
            try (MemoryWorkspace ws = workspaceMgr.notifyScopeBorrowed(ArrayType.ACTIVATIONS)) {
                return in.dup('c').reshape('c', in.size(0) / digits, digits * width);
            }
        }

        @Override
        public Pair<Gradient, INDArray[]> doBackward(boolean tbptt, LayerWorkspaceMgr workspaceMgr) {
            try (MemoryWorkspace ws = workspaceMgr.notifyScopeBorrowed(ArrayType.ACTIVATION_GRAD)) {
                INDArray grad = epsilon.dup('c').reshape('c', inputs[0].size(0), width);
                return new Pair<>(null, new INDArray[] {grad});
            }
        }

        @Override
        public String toString() {
            return "StackedRowsVertex(" + vertexName + ", " + digits + " x " + width + ")";
        }
    }
}
