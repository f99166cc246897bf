package org.capsnet.model.layers;

import java.util.Collection;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.memory.LayerMemoryReport;
import org.deeplearning4j.nn.conf.memory.MemoryReport;
import org.deeplearning4j.nn.layers.BaseLayer;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Base of the project's layer configurations: flat {@code [B, nIn] -> [B, nOut]} activations whose sizes are
 * fixed by the layer's geometry, and one weight tensor of any rank plus an optional bias, laid out by
 * {@link ShapedParamInitializer}. Subclasses state their parameter shapes and create their implementation.
 */
public abstract class ShapedLayer extends FeedForwardLayer {
    private static final long serialVersionUID = 1L;

    /** For JSON deserialisation. */
    protected ShapedLayer() {}

    protected ShapedLayer(FeedForwardLayer.Builder<?> builder) {
        super(builder);
    }

    /** Shape of the weight tensor (C order). */
    public abstract long[] weightShape();

    /** Length of the bias vector; 0 for a layer without bias. */
    public abstract long biasLength();

    /** Fan-in and fan-out used by the weight initialisation (e.g. Xavier). */
    public abstract double fanIn();

    public abstract double fanOut();

    /** The implementation object of this configuration. */
    protected abstract BaseLayer<?> createLayer(NeuralNetConfiguration conf, DataType dataType);

    @Override
    public final org.deeplearning4j.nn.api.Layer instantiate(
            NeuralNetConfiguration conf,
            Collection<TrainingListener> listeners,
            int layerIndex,
            INDArray paramsView,
            boolean initializeParams,
            DataType networkDataType) {
        BaseLayer<?> layer = createLayer(conf, networkDataType);
        layer.setListeners(listeners);
        layer.setIndex(layerIndex);
        layer.setParamsViewArray(paramsView);
        layer.setParamTable(initializer().init(conf, paramsView, initializeParams));
        layer.setConf(conf);
        return layer;
    }

    @Override
    public ParamInitializer initializer() {
        return ShapedParamInitializer.getInstance();
    }

    /** The input size is fixed by the geometry: only check that the graph feeds what the layer expects. */
    @Override
    public void setNIn(InputType inputType, boolean override) {
        long actual = inputType.arrayElementsPerExample();
        if (actual != nIn) {
            throw new IllegalStateException(
                    "Layer " + getLayerName() + " expects " + nIn + " inputs per example but is fed " + inputType);
        }
    }

    @Override
    public LayerMemoryReport getMemoryReport(InputType inputType) {
        InputType outputType = getOutputType(-1, inputType);
        long params = initializer().numParams(this);
        return new LayerMemoryReport.Builder(getLayerName(), getClass(), inputType, outputType)
                .standardMemory(params, getIUpdater().stateSize(params))
                .workingMemory(0, 0, 0, outputType.arrayElementsPerExample())
                .cacheMemory(MemoryReport.CACHE_MODE_ALL_ZEROS, MemoryReport.CACHE_MODE_ALL_ZEROS)
                .build();
    }
}
