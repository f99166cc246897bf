package org.capsnet.eval.pictures;

import org.capsnet.data.LabelledImages;
import org.capsnet.model.CapsNetConfig;
import org.capsnet.model.CapsNetGraph;
import org.capsnet.model.layers.DigitCapsuleLayerImpl;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The class capsules of a trained CapsNet for a batch of images, from one inference pass, with the routing's
 * coupling coefficients of that pass.
 * <p>Shapes: {@code poses [B, J*D]} (capsule j of example b is columns {@code j*D .. j*D+D-1} of row b, as the
 * DigitCaps layer emits them); {@code coupling [B, I, J]}, c_ij of the last routing iteration, I primary capsules
 * in the order (grid row, grid column, channel).
 */
public record DigitCapsules(INDArray poses, INDArray coupling, int capsules, int capsuleDim) {

    /** The images {@code [count, P]} of examples {@code from .. from+count-1} of {@code data}. */
    public static INDArray examples(LabelledImages data, int from, int count) {
        if (from < 0 || count < 1 || from + count > data.size()) {
            throw new IllegalArgumentException(
                    "examples " + from + ".." + (from + count - 1) + " outside 0.." + (data.size() - 1));
        }
        return data.images().get(NDArrayIndex.interval(from, from + count), NDArrayIndex.all());
    }

    /**
     * Runs the layers of {@code graph} from the image to DigitCaps ({@code conv1}, {@code primaryCaps},
     * {@code digitCaps}) in inference mode on {@code images [B, P]}. The label input, the mask and the decoder
     * are not involved, so this works for every decoder and mask variant.
     */
    public static DigitCapsules infer(ComputationGraph graph, CapsNetConfig arch, INDArray images) {
        LayerWorkspaceMgr noWorkspaces = LayerWorkspaceMgr.noWorkspaces();
        INDArray x = images.castTo(graph.getConfiguration().getDataType());
        for (String name : new String[] {CapsNetGraph.CONV1, CapsNetGraph.PRIMARY_CAPS, CapsNetGraph.DIGIT_CAPS}) {
            x = graph.getLayer(name).activate(x, false, noWorkspaces);
        }
        Layer layer = graph.getLayer(CapsNetGraph.DIGIT_CAPS);
        INDArray coupling = layer instanceof DigitCapsuleLayerImpl digit ? digit.lastCouplingCoefficients() : null;
        return new DigitCapsules(x.dup(), coupling, arch.numClasses(), arch.digitCapsuleDim());
    }

    /** Number of examples B. */
    public int size() {
        return (int) poses.size(0);
    }

    /** Capsule lengths {@code [B][J]}. */
    public double[][] lengths() {
        double[][] p = poses.toDoubleMatrix();
        double[][] lengths = new double[p.length][capsules];
        for (int b = 0; b < p.length; b++) {
            for (int j = 0; j < capsules; j++) {
                double sum = 0;
                for (int d = 0; d < capsuleDim; d++) {
                    double v = p[b][j * capsuleDim + d];
                    sum += v * v;
                }
                lengths[b][j] = Math.sqrt(sum);
            }
        }
        return lengths;
    }

    /** The predicted class of each example: its longest capsule (the first on a tie). */
    public int[] longest() {
        int[][] top = longest(1);
        int[] best = new int[top.length];
        for (int b = 0; b < top.length; b++) {
            best[b] = top[b][0];
        }
        return best;
    }

    /** The classes of the {@code k} longest capsules of each example, longest first, {@code [B][k]}. */
    public int[][] longest(int k) {
        if (k < 1 || k > capsules) {
            throw new IllegalArgumentException("k must be in 1.." + capsules + ", got " + k);
        }
        double[][] lengths = lengths();
        int[][] top = new int[lengths.length][k];
        for (int b = 0; b < lengths.length; b++) {
            boolean[] taken = new boolean[capsules];
            for (int r = 0; r < k; r++) {
                int best = -1;
                for (int j = 0; j < capsules; j++) {
                    if (!taken[j] && (best < 0 || lengths[b][j] > lengths[b][best])) {
                        best = j;
                    }
                }
                taken[best] = true;
                top[b][r] = best;
            }
        }
        return top;
    }

    /** The pose of capsule {@code j} of example {@code b}, {@code [D]}. */
    public float[] pose(int b, int j) {
        return poses.get(
                        NDArrayIndex.point(b),
                        NDArrayIndex.interval((long) j * capsuleDim, (long) (j + 1) * capsuleDim))
                .toFloatVector();
    }

    /**
     * The decoder's input for example {@code b}: all capsules zero except capsule {@code j}, which is
     * {@code pose}, {@code [1, J*D]}.
     */
    public INDArray maskedRow(int j, float[] pose) {
        if (pose.length != capsuleDim) {
            throw new IllegalArgumentException("pose needs " + capsuleDim + " values, got " + pose.length);
        }
        INDArray row = Nd4j.zeros(poses.dataType(), 1, (long) capsules * capsuleDim);
        for (int d = 0; d < capsuleDim; d++) {
            row.putScalar(0, (long) j * capsuleDim + d, pose[d]);
        }
        return row;
    }

    /**
     * The decoder's input for every example, masked to one capsule each: row b keeps capsule {@code classes[b]}
     * and zeroes the others, {@code [B, J*D]}.
     */
    public INDArray masked(int[] classes) {
        if (classes.length != size()) {
            throw new IllegalArgumentException(classes.length + " classes for " + size() + " examples");
        }
        INDArray mask = Nd4j.zeros(poses.dataType(), size(), (long) capsules * capsuleDim);
        for (int b = 0; b < classes.length; b++) {
            for (int d = 0; d < capsuleDim; d++) {
                mask.putScalar(b, (long) classes[b] * capsuleDim + d, 1.0);
            }
        }
        return poses.mul(mask);
    }

    /** Coupling coefficients of example {@code b}, {@code [I][J]}; needs the CapsNet's own DigitCaps layer. */
    public double[][] couplingOf(int b) {
        if (coupling == null) {
            throw new IllegalStateException("no coupling coefficients: the DigitCaps layer is not a "
                    + DigitCapsuleLayerImpl.class.getSimpleName());
        }
        return coupling.get(NDArrayIndex.point(b), NDArrayIndex.all(), NDArrayIndex.all())
                .toDoubleMatrix();
    }
}
