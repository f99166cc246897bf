package org.capsnet.model.em;

import org.capsnet.capsule.em.CoordinateAddition;
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
 * Forward and backward of {@link EmClassCapsuleLayer}: votes per position with the shared transformations
 * (B*H*W groups of C children for {@link MatrixVotes}), coordinate addition, then EM routing with one group per
 * image (I = H*W*C children, J classes). The assignment probabilities of the last inference pass are kept for
 * pictures. On the CPU backend votes and routing run as Java loops ({@link HostMatrixRouting}), elsewhere as ND4J ops.
 */
public class EmClassCapsuleLayerImpl extends ShapedLayerImpl<EmClassCapsuleLayer> {
    private transient INDArray trainingPoses;
    private transient EmRouting.Result trainingRouting;
    private transient HostMatrixRouting.Result trainingHost;
    private boolean hostPath = true;
    private transient INDArray inferenceAssignments;

    public EmClassCapsuleLayerImpl(NeuralNetConfiguration conf, DataType dataType) {
        super(conf, dataType);
    }

    private EmRouting routing() {
        return new EmRouting(layerConf().getIterations(), layerConf().getInverseTemperature());
    }

    /** Lets tests compare the Java loops with the ND4J ops (which other backends use). */
    void useHostPath(boolean host) {
        hostPath = host;
    }

    @Override
    public INDArray activate(boolean training, LayerWorkspaceMgr workspaceMgr) {
        assertInputSet(false);
        EmClassCapsuleLayer c = layerConf();
        long b = input.size(0);
        long positions = (long) c.getInHeight() * c.getInWidth();
        int types = c.getInTypes();
        int classes = c.getClasses();
        INDArray out;
        // Computed outside DL4J's workspaces, whose memory would keep every temporary of the votes' size until the
        // pass ends; the large ones are released as soon as they are used (EmRouting), the output copied in.
        try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            INDArray caps = input.castTo(dataType).reshape('c', b * positions, types, 17);
            INDArray poses = caps.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.interval(0, 16))
                    .dup('c')
                    .reshape(b * positions, types, 4, 4);
            INDArray activations = caps.get(NDArrayIndex.all(), NDArrayIndex.all(), NDArrayIndex.point(16))
                    .dup('c')
                    .reshape(b, positions * types);
            INDArray weights = getParam(ShapedParamInitializer.WEIGHT_KEY);
            INDArray bias = getParam(ShapedParamInitializer.BIAS_KEY);
            INDArray betaV = bias.get(NDArrayIndex.all(), NDArrayIndex.interval(0, classes));
            INDArray betaA = bias.get(NDArrayIndex.all(), NDArrayIndex.interval(classes, 2 * classes));
            trainingPoses = training ? poses : null;
            trainingRouting = null;
            trainingHost = null;
            if (hostPath && HostMatrixRouting.supports(poses, activations, weights)) {
                // one group per image: its H*W*C children, position-major, as the ND4J path's reshape
                HostMatrixRouting.Result r = HostMatrixRouting.forward(
                        routing(),
                        poses.reshape(b, positions * types, 4, 4),
                        activations,
                        weights,
                        betaV,
                        betaA,
                        CoordinateAddition.childOffsets(c.getInHeight(), c.getInWidth(), types),
                        1);
                trainingHost = training ? r : null;
                inferenceAssignments = training ? null : r.assignments();
                if (!training) {
                    r.free();
                }
                out = r.activation();
            } else {
                INDArray votes = MatrixVotes.forward(poses, weights).reshape(b, positions, types, classes, 16);
                CoordinateAddition.addInPlace(votes, c.getInHeight(), c.getInWidth());
                EmRouting.Result r =
                        routing().forward(votes.reshape(b, positions * types, classes, 16), activations, betaV, betaA);
                trainingRouting = training ? r : null;
                inferenceAssignments = training ? null : r.assignments();
                if (!training) {
                    r.free();
                }
                out = r.activation();
            }
        }
        return workspaceMgr.dup(ArrayType.ACTIVATIONS, out);
    }

    /**
     * Assignment probabilities r_ij of the last inference forward pass (those of the last M-step), {@code [B, I, J]}
     * with child i = (row * W + column) * C + type; null before one.
     */
    public INDArray lastAssignments() {
        return inferenceAssignments;
    }

    @Override
    public Pair<Gradient, INDArray> backpropGradient(INDArray epsilon, LayerWorkspaceMgr workspaceMgr) {
        if (trainingPoses == null || (trainingRouting == null && trainingHost == null)) {
            throw new IllegalStateException("backprop without a training forward pass in " + layerId());
        }
        EmClassCapsuleLayer c = layerConf();
        long b = epsilon.size(0);
        long groups = trainingPoses.size(0);
        int types = c.getInTypes();
        int classes = c.getClasses();
        INDArray gradW = weightGradientView();
        INDArray gradB = biasGradientView();
        INDArray epsilonIn;
        try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            INDArray gradPoses;
            INDArray gradActivations;
            if (trainingHost != null) {
                INDArray[] grads =
                        HostMatrixRouting.backwardInto(trainingHost, null, epsilon.castTo(dataType), gradW, gradB);
                gradPoses = grads[0];
                gradActivations = grads[1];
            } else {
                INDArray[] routed = routing().backward(trainingRouting, null, epsilon.castTo(dataType));
                INDArray[] voted = MatrixVotes.backward(
                        trainingPoses,
                        getParam(ShapedParamInitializer.WEIGHT_KEY),
                        routed[0].reshape(groups, types, classes, 16));
                EmRouting.free(routed[0]);
                trainingRouting.free();
                gradPoses = voted[0];
                gradActivations = routed[1];
                gradW.assign(voted[1]);
                gradB.assign(Nd4j.concat(0, routed[2], routed[3]).reshape(gradB.shape()));
            }
            epsilonIn = Nd4j.concat(2, gradPoses.reshape(groups, types, 16), gradActivations.reshape(groups, types, 1))
                    .reshape('c', b, c.getNIn());
        }
        epsilonIn = workspaceMgr.leverageTo(ArrayType.ACTIVATION_GRAD, epsilonIn);
        trainingPoses = null;
        trainingRouting = null;
        trainingHost = null;
        return filledGradients(epsilonIn);
    }
}
