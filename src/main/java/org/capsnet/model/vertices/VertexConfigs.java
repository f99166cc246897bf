package org.capsnet.model.vertices;

import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.conf.memory.MemoryReport;

/** Memory report shared by the parameter-free capsule vertices. */
final class VertexConfigs {
    private VertexConfigs() {
    }

    static MemoryReport parameterFreeReport(Class<? extends GraphVertex> type, InputType input, InputType output) {
        return new LayerMemoryReport.Builder(null, type, input, output)
                .standardMemory(0, 0)
                .workingMemory(0, 0, 0, output.arrayElementsPerExample())
                .cacheMemory(0, 0)
                .build();
    }
}
