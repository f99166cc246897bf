package org.capsnet.model.em;

import java.util.Collection;
import java.util.Map;
import org.capsnet.model.losses.SpreadLossFunction;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.LossLayer;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A loss layer for the {@link SpreadLossFunction}: a DL4J LossLayer (identity activation, no parameters) whose
 * implementation tells the loss the network's iteration count before each score or gradient, which is how the
 * margin schedule sees the training step without any change to the trainer. Input and output {@code [B, J]}.
 */
public class SpreadLossLayer extends LossLayer {
    private static final long serialVersionUID = 1L;

    /** For JSON deserialisation. */
    public SpreadLossLayer() {}

    public SpreadLossLayer(SpreadLossFunction loss) {
        super(new LossLayer.Builder(loss).activation(Activation.IDENTITY));
    }

    @Override
    public org.deeplearning4j.nn.api.Layer instantiate(
            NeuralNetConfiguration conf,
            Collection<TrainingListener> listeners,
            int layerIndex,
            INDArray paramsView,
            boolean initializeParams,
            DataType networkDataType) {
        SpreadLossLayerImpl layer = new SpreadLossLayerImpl(conf, networkDataType);
        layer.setListeners(listeners);
        layer.setIndex(layerIndex);
        layer.setParamsViewArray(paramsView);
        Map<String, INDArray> params = initializer().init(conf, paramsView, initializeParams);
        layer.setParamTable(params);
        layer.setConf(conf);
        return layer;
    }
}
