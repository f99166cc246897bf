package org.capsnet.model.em;

import org.capsnet.capsule.em.CapsulePatches;
import org.capsnet.capsule.em.EmRouting;
import org.capsnet.capsule.em.HostMatrixRouting;
import org.capsnet.capsule.em.MatrixVotes;
import org.capsnet.model.layers.ShapedLayerImpl;
import org.capsnet.model.layers.ShapedParamInitializer;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.gradient.Gradient;
import org.deeplearning4j.nn.workspace.ArrayType;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.common.primitives.Pair;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Forward and backward of {@link EmConvCapsuleLayer}: receptive fields ({@link CapsulePatches}), votes
 * ({@link MatrixVotes}) and EM routing in each window, N = B*oH*oW groups of I = K*K*C children and D parents.
 * The routing state of the training forward pass (in the activations workspace) feeds the backward pass. On the
 * CPU backend the votes and routing run as Java loops ({@link HostMatrixRouting}), elsewhere as ND4J ops.
 */
public class EmConvCapsuleLayerImpl extends ShapedLayerImpl<EmConvCapsuleLayer> {
    private transient INDArray trainingPoses;
    private transient EmRouting.Result trainingRouting;
    private transient HostMatrixRouting.Result trainingHost;
    private boolean hostPath = true;

    public EmConvCapsuleLayerImpl(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    private EmRouting routing() {
        return new EmRouting(layerConf().getIterations(), layerConf().getInverseTemperature());
    }

    /** Lets tests compare the Java loops with the ND4J ops (which other backends use). */
    void useHostPath(boolean host) {
        hostPath = host;
    }

    private CapsulePatches patches() {
        return new CapsulePatches(layerConf().getKernel(), layerConf().getStride());
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        EmConvCapsuleLayer c = layerConf();
        long b = input.size(0);
        long groups = b * c.outHeight() * c.outWidth();
        long children = (long) c.getKernel() * c.getKernel() * c.getInTypes();
        int parents = c.getOutTypes();
        INDArray out;
        // Computed outside DL4J's workspaces, whose memory would keep every temporary of the votes' size until the
        // pass ends; the large ones are released as soon as they are used (EmRouting), the output copied in.
        try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            INDArray grid = input.castTo(dataType).reshape('c', b, c.getInHeight(), c.getInWidth(), c.getInTypes(), 17);
            INDArray p = patches().forward(grid).reshape('c', groups, children, 17);
            INDArray poses = p.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(0, 16))
                    .dup('c')
                    .reshape(groups, children, 4, 4);
            INDArray activations = p.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.point(16))
                    .dup('c');
            INDArray weights = getParam(ShapedParamInitializer.WEIGHT_KEY);
            INDArray bias = getParam(ShapedParamInitializer.BIAS_KEY);
            INDArray betaV = bias.get(NDArrayIndex.all(), NDArrayIndex.interval(0, parents));
            INDArray betaA = bias.get(NDArrayIndex.all(), NDArrayIndex.interval(parents, 2 * parents));
            INDArray pose;
            INDArray activation;
            trainingPoses = training ? poses : null;
            trainingRouting = null;
            trainingHost = null;
            if (hostPath && HostMatrixRouting.supports(poses, activations, weights)) {
                HostMatrixRouting.Result r = HostMatrixRouting.forward(
                        routing(), poses, activations, weights, betaV, betaA, null, c.outHeight() * c.outWidth());
                trainingHost = training ? r : null;
                if (!training) {
                    r.free();
                }
                pose = r.pose();
                activation = r.activation();
            } else {
                INDArray votes = MatrixVotes.forward(poses, weights);
                EmRouting.Result r = routing().forward(votes, activations, betaV, betaA);
                trainingRouting = training ? r : null;
                if (!training) {
                    r.free();
                }
                pose = r.pose();
                activation = r.activation();
            }
            out = Nd4j.concat(2, pose, activation.reshape(groups, parents, 1))
                    .reshape('c', b, groups / b * parents * 17);
        }
        return workspaceMgr.leverageTo(ArrayType.ACTIVATIONS, out);
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        if (trainingPoses == null || (trainingRouting == null && trainingHost == null)) {
            throw new IllegalStateException("backprop without a training forward pass in " + layerId());
        }
        EmConvCapsuleLayer c = layerConf();
        long b = epsilon.size(0);
        long groups = trainingPoses.size(0);
        long children = trainingPoses.size(1);
        int parents = c.getOutTypes();
        INDArray gradW = weightGradientView();
        INDArray gradB = biasGradientView();
        INDArray epsilonIn;
        try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            INDArray g = epsilon.castTo(dataType).reshape('c', groups, parents, 17);
            INDArray gradPose = g.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(0, 16));
            INDArray gradActivation = g.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.point(16));
            INDArray gradPoses;
            INDArray gradActivations;
            if (trainingHost != null) {
                INDArray[] grads = HostMatrixRouting.backwardInto(trainingHost, gradPose, gradActivation, gradW, gradB);
                gradPoses = grads[0];
                gradActivations = grads[1];
            } else {
                INDArray[] routed = routing().backward(trainingRouting, gradPose, gradActivation);
                INDArray[] voted =
                        MatrixVotes.backward(trainingPoses, getParam(ShapedParamInitializer.WEIGHT_KEY), routed[0]);
                EmRouting.free(routed[0]);
                trainingRouting.free();
                gradPoses = voted[0];
                gradActivations = routed[1];
                gradW.assign(voted[1]);
                gradB.assign(Nd4j.concat(0, routed[2], routed[3]).reshape(gradB.shape()));
            }
            INDArray gradPatches = Nd4j.concat(
                            2, gradPoses.reshape(groups, children, 16), gradActivations.reshape(groups, children, 1))
                    .reshape('c', b, c.outHeight(), c.outWidth(), c.getKernel(), c.getKernel(), c.getInTypes(), 17);
            epsilonIn = patches()
                    .backward(gradPatches, c.getInHeight(), c.getInWidth())
                    .reshape('c', b, c.getNIn());
        }
        epsilonIn = workspaceMgr.leverageTo(ArrayType.ACTIVATION_GRAD, epsilonIn);
        trainingPoses = null;
        trainingRouting = null;
        trainingHost = null;
        return filledGradients(epsilonIn);
    }
}
