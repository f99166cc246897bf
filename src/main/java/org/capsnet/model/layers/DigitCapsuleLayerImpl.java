package org.capsnet.model.layers;

import org.capsnet.capsule.DynamicRouting;
import org.capsnet.capsule.PredictionGradientRows;
import org.capsnet.capsule.PredictionVectors;
import org.capsnet.capsule.TransposedWeights;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Forward and backward of {@link DigitCapsuleLayer}. The routing state of the training forward pass (kept in the
 * activations workspace until backprop) feeds the backward pass; the coupling coefficients of the last forward
 * pass are available for pictures of the routing.
 */
public class DigitCapsuleLayerImpl extends ShapedLayerImpl<DigitCapsuleLayer> {
    private transient DynamicRouting.Result trainingRouting;
    private transient INDArray childCapsules;
    private transient INDArray inferenceCoupling;
    // W's transpose made by the forward, for the backward that follows (float32 CPU path; 5.9 MB a layer).
    private transient TransposedWeights transposedWeights;
    // dL/du_hat from the routing's backward to the prediction vectors' (float32 CPU path; 24 MB at batch 32).
    private transient PredictionGradientRows predictionGradientRows;

    public DigitCapsuleLayerImpl(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    private TransposedWeights transposedWeights() {
        if (transposedWeights == null) {
            transposedWeights = new TransposedWeights();
        }
        return transposedWeights;
    }

    private PredictionGradientRows predictionGradientRows() {
        if (predictionGradientRows == null) {
            predictionGradientRows = new PredictionGradientRows();
        }
        return predictionGradientRows;
    }

    private DynamicRouting routing() {
        DigitCapsuleLayer c = layerConf();
        return new DynamicRouting(c.getRoutings(), c.isStopGradientInRouting());
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        DigitCapsuleLayer c = layerConf();
        try (MemoryWorkspace ws = workspaceMgr.notifyScopeBorrowed(ArrayType.ACTIVATIONS)) {
            INDArray u = input.castTo(dataType).reshape('c', input.size(0), c.getChildren(), c.getChildDim());
            INDArray uHat = PredictionVectors.forward(
                    u,
                    getParam(ShapedParamInitializer.WEIGHT_KEY),
                    c.getParents(),
                    c.getParentDim(),
                    transposedWeights());
            DynamicRouting.Result result = routing().forward(uHat);
            childCapsules = training ? u : null;
            trainingRouting = training ? result : null;
            // Outside training, keep a copy that outlives the workspace, for pictures of the routing.
            inferenceCoupling = training ? null : result.c().detach();
            return result.v().reshape('c', input.size(0), (long) c.getParents() * c.getParentDim());
        }
    }

    /** Coupling coefficients c_ij of the last inference forward pass, {@code [B, I, J]}; null before one. */
    public INDArray lastCouplingCoefficients() {
        return inferenceCoupling;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        if (childCapsules == null || trainingRouting == null) {
            throw new IllegalStateException("backprop without a training forward pass in " + layerId());
        }
        DigitCapsuleLayer c = layerConf();
        INDArray gradV = epsilon.reshape('c', epsilon.size(0), c.getParents(), c.getParentDim());
        INDArray gradW = weightGradientView();
        INDArray epsilonIn;
        try (MemoryWorkspace ws = workspaceMgr.notifyScopeBorrowed(ArrayType.ACTIVATION_GRAD)) {
            DynamicRouting routing = routing();
            INDArray W = getParam(ShapedParamInitializer.WEIGHT_KEY);
            INDArray gradU;
            if (routing.backwardTakesRows(trainingRouting)
                    && PredictionVectors.backwardTakesRows(childCapsules, W, gradW)) {
                PredictionGradientRows gradUHat = predictionGradientRows();
                routing.backwardInto(trainingRouting, gradV, gradUHat);
                gradU = PredictionVectors.backward(childCapsules, W, gradUHat, gradW, transposedWeights());
            } else {
                INDArray gradUHat = routing.backward(trainingRouting, gradV);
                gradU = PredictionVectors.backward(childCapsules, W, gradUHat, gradW, transposedWeights());
            }
            epsilonIn = gradU.reshape('c', epsilon.size(0), (long) c.getChildren() * c.getChildDim());
        }
        childCapsules = null;
        trainingRouting = null;
        return filledGradients(epsilonIn);
    }
}
