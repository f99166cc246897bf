package org.capsnet.model.layers;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.deeplearning4j.nn.api.ParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Parameter initialiser for the project's layers: the weight tensor (shape from {@link ShapedLayer}, C order)
 * followed by the bias. Parameters and gradients are views into DL4J's flat vectors, so parameter averaging and
 * the updater see them without copies.
 */
public final class ShapedParamInitializer implements ParamInitializer {
    public static final String WEIGHT_KEY = "W";
    public static final String BIAS_KEY = "b";

    private static final ShapedParamInitializer INSTANCE = new ShapedParamInitializer();

    public static ShapedParamInitializer getInstance() {
        return INSTANCE;
    }

    private static ShapedLayer shapes(Layer layer) {
        return (ShapedLayer) layer;
    }

    private static long weightCount(ShapedLayer s) {
        long n = 1;
        for (long d : s.weightShape()) {
            n *= d;
        }
        return n;
    }

    @Override
    public long numParams(NeuralNetConfiguration conf) {
        return numParams(conf.getLayer());
    }

    @Override
    public long numParams(Layer layer) {
        ShapedLayer s = shapes(layer);
        return weightCount(s) + s.biasLength();
    }

    @Override
    public List<String> paramKeys(Layer layer) {
        List<String> keys = new ArrayList<>(weightKeys(layer));
        keys.addAll(biasKeys(layer));
        return keys;
    }

    @Override
    public List<String> weightKeys(Layer layer) {
        return Collections.singletonList(WEIGHT_KEY);
    }

    @Override
    public List<String> biasKeys(Layer layer) {
        return shapes(layer).biasLength() > 0 ? Collections.singletonList(BIAS_KEY) : Collections.emptyList();
    }

    @Override
    public boolean isWeightParam(Layer layer, String key) {
        return WEIGHT_KEY.equals(key);
    }

    @Override
    public boolean isBiasParam(Layer layer, String key) {
        return BIAS_KEY.equals(key);
    }

    @Override
    public Map<String, INDArray> init(NeuralNetConfiguration conf, INDArray paramsView, boolean initializeParams) {
        Map<String, INDArray> views = split(conf.getLayer(), paramsView);
        if (initializeParams) {
            ShapedLayer s = shapes(conf.getLayer());
            INDArray weights = views.get(WEIGHT_KEY);
            s.getWeightInitFn().init(s.fanIn(), s.fanOut(), weights.shape(), 'c', weights);
            if (views.containsKey(BIAS_KEY)) {
                views.get(BIAS_KEY).assign(s.getBiasInit());
            }
        }
        return views;
    }

    @Override
    public Map<String, INDArray> getGradientsFromFlattened(NeuralNetConfiguration conf, INDArray gradientView) {
        return split(conf.getLayer(), gradientView);
    }

    private static Map<String, INDArray> split(Layer layer, INDArray flat) {
        ShapedLayer s = shapes(layer);
        INDArray row = flat.reshape(flat.length());
        long nW = weightCount(s);
        Map<String, INDArray> views = new LinkedHashMap<>();
        views.put(WEIGHT_KEY, row.get(NDArrayIndex.interval(0, nW)).reshape('c', s.weightShape()));
        if (s.biasLength() > 0) {
            views.put(
                    BIAS_KEY,
                    row.get(NDArrayIndex.interval(nW, nW + s.biasLength())).reshape(1, s.biasLength()));
        }
        return views;
    }
}
