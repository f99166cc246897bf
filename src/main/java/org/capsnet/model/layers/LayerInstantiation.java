package org.capsnet.model.layers;

import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.conf.memory.MemoryReport;
import org.deeplearning4j.nn.layers.BaseLayer;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;

import java.util.Collection;

/** The DL4J boilerplate shared by the project's layer configurations. */
final class LayerInstantiation {
    private LayerInstantiation() {
    }

    /** Connects a freshly created layer to its listeners, index and parameter views, as DL4J's own layers do. */
    static void wire(BaseLayer<?> layer, NeuralNetConfiguration conf, Collection<TrainingListener> listeners,
            int layerIndex, INDArray paramsView, boolean initializeParams) {
        layer.setListeners(listeners);
        layer.setIndex(layerIndex);
        layer.setParamsViewArray(paramsView);
        layer.setParamTable(conf.getLayer().initializer().init(conf, paramsView, initializeParams));
        layer.setConf(conf);
    }

    /** Fails when the graph feeds a layer an input whose size does not match the layer's geometry. */
    static void checkInputSize(FeedForwardLayer layer, InputType inputType, long expected) {
        long actual = inputType.arrayElementsPerExample();
        if (actual != expected) {
            throw new IllegalStateException("Layer " + layer.getLayerName() + " expects " + expected
                    + " inputs per example but is fed " + inputType);
        }
    }

    static LayerMemoryReport memoryReport(FeedForwardLayer layer, InputType inputType, Class<?> type) {
        InputType outputType = layer.getOutputType(-1, inputType);
        long params = layer.initializer().numParams(layer);
        @SuppressWarnings("unchecked")
        Class<? extends org.deeplearning4j.nn.conf.layers.Layer> layerClass =
                (Class<? extends org.deeplearning4j.nn.conf.layers.Layer>) type;
        return new LayerMemoryReport.Builder(layer.getLayerName(), layerClass, inputType, outputType)
                .standardMemory(params, layer.getIUpdater().stateSize(params))
                .workingMemory(0, 0, 0, outputType.arrayElementsPerExample())
                .cacheMemory(MemoryReport.CACHE_MODE_ALL_ZEROS, MemoryReport.CACHE_MODE_ALL_ZEROS)
                .build();
    }
}
