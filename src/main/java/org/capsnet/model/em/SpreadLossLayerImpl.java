package org.capsnet.model.em;

import org.capsnet.model.losses.SpreadLossFunction;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.layers.LossLayer;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * DL4J's loss layer with the spread loss' margin set from this layer's iteration count (which DL4J copies from the
 * network's configuration before every fit and gradient computation) before each use of the loss.
 */
public class SpreadLossLayerImpl extends LossLayer {
    private static final long serialVersionUID = 1L;

    public SpreadLossLayerImpl(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    private void schedule() {
        ((SpreadLossFunction) layerConf().getLossFn()).atStep(getIterationCount());
    }

    @Override
    public double computeScore(double fullNetRegTerm, boolean training, LayerWorkspaceMgr workspaceMgr) {
        schedule();
        return super.computeScore(fullNetRegTerm, training, workspaceMgr);
    }

    @Override
    public INDArray computeScoreForExamples(double fullNetRegTerm, LayerWorkspaceMgr workspaceMgr) {
        schedule();
        return super.computeScoreForExamples(fullNetRegTerm, workspaceMgr);
    }

    @Override
    public void computeGradientAndScore(LayerWorkspaceMgr workspaceMgr) {
        schedule();
        super.computeGradientAndScore(workspaceMgr);
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        schedule();
        return super.backpropGradient(epsilon, workspaceMgr);
    }
}
