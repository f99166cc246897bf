package org.capsnet.model.vertices;

import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.conf.memory.MemoryReport;

/**
 * Base of the project's vertex configurations: no parameters, a fixed number of inputs, and a memory report of one
 * output activation. Subclasses hold only final fields that Jackson serialises, plus their shapes.
 */
public abstract class ParameterFreeVertexConfig extends GraphVertex {
    private static final long serialVersionUID = 1L;

    /** How many inputs the vertex takes. */
    protected abstract int inputCount();

    @Override
    public final long numParams(boolean backprop) {
        return 0;
    }

    @Override
    public final int minVertexInputs() {
        return inputCount();
    }

    @Override
    public final int maxVertexInputs() {
        return inputCount();
    }

    @Override
    public final MemoryReport getMemoryReport(InputType... inputTypes) {
        InputType output = getOutputType(-1, inputTypes);
        return new LayerMemoryReport.Builder(null, getClass(), inputTypes[0], output)
                .standardMemory(0, 0)
                .workingMemory(0, 0, 0, output.arrayElementsPerExample())
                .cacheMemory(0, 0)
                .build();
    }
}
