package org.capsnet.eval.pictures;

import org.capsnet.model.em.EmCapsNetConfig;
import org.capsnet.model.em.EmCapsNetGraph;
import org.capsnet.model.em.EmClassCapsuleLayerImpl;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The class capsules of a trained em-capsnet for a batch of images, from one inference pass: their activations and
 * the EM routing's assignment probabilities R of that pass (those of the last M-step).
 * <p>Shapes: {@code assignments [B, I, J]}, I = G x G x types children of the class capsules (the capsules of
 * conv capsule layer D, G x G positions), child {@code i = (row * G + column) * types + type}, J class capsules;
 * {@code activations [B, J]}. Each child's assignments sum to 1 over the class capsules.
 */
public record EmAssignments(INDArray assignments, INDArray activations, int gridSize, int types) {

    /** Runs {@code graph} in inference mode on {@code images [B, P]} and keeps the class capsules' assignments. */
    public static EmAssignments infer(ComputationGraph graph, EmCapsNetConfig arch, INDArray images) {
        INDArray activations = graph.outputSingle(
                        false, images.castTo(graph.getConfiguration().getDataType()))
                .dup();
        Layer layer = graph.getLayer(EmCapsNetGraph.CLASS_CAPS);
        if (!(layer instanceof EmClassCapsuleLayerImpl classCaps) || classCaps.lastAssignments() == null) {
            throw new IllegalStateException("no assignment probabilities: layer " + EmCapsNetGraph.CLASS_CAPS
                    + " is not an " + EmClassCapsuleLayerImpl.class.getSimpleName() + " or kept none");
        }
        return new EmAssignments(
                classCaps.lastAssignments().dup(), activations, arch.convDGridSize(), arch.convDTypes());
    }

    public EmAssignments {
        long children = (long) gridSize * gridSize * types;
        if (assignments.rank() != 3 || assignments.size(1) != children) {
            throw new IllegalArgumentException("assignments must be [B, " + children + ", J] for " + gridSize + "x"
                    + gridSize + "x" + types + " children, got " + java.util.Arrays.toString(assignments.shape()));
        }
        if (activations.rank() != 2
                || activations.size(0) != assignments.size(0)
                || activations.size(1) != assignments.size(2)) {
            throw new IllegalArgumentException("activations " + java.util.Arrays.toString(activations.shape())
                    + " do not match assignments " + java.util.Arrays.toString(assignments.shape()));
        }
    }

    /** Number of examples B. */
    public int size() {
        return (int) assignments.size(0);
    }

    /** Number of class capsules J. */
    public int classes() {
        return (int) assignments.size(2);
    }

    /** R of example {@code b}, {@code [I][J]}. */
    public double[][] of(int b) {
        return assignments
                .get(NDArrayIndex.point(b), NDArrayIndex.all(), NDArrayIndex.all())
                .toDoubleMatrix();
    }

    /** The class capsules' activations of example {@code b}, {@code [J]}. */
    public double[] activationsOf(int b) {
        return activations.getRow(b).toDoubleVector();
    }

    /** The predicted class of each example: its most active class capsule (the first on a tie). */
    public int[] predicted() {
        int[] best = new int[size()];
        for (int b = 0; b < best.length; b++) {
            double[] a = activationsOf(b);
            for (int j = 1; j < a.length; j++) {
                if (a[j] > a[best[b]]) {
                    best[b] = j;
                }
            }
        }
        return best;
    }

    /** The largest |sum_j R_ij - 1| over the children of example {@code b}: 0 up to rounding. */
    public double largestSumDeviation(int b) {
        double worst = 0;
        for (double[] row : of(b)) {
            double sum = 0;
            for (double v : row) {
                sum += v;
            }
            worst = Math.max(worst, Math.abs(sum - 1));
        }
        return worst;
    }

    /**
     * R averaged over the positions per child type and class capsule, {@code [types][J]}, from {@code r [I][J]}
     * with child {@code i = position * types + type}.
     */
    public static double[][] meanOverPositions(double[][] r, int types) {
        if (types < 1 || r.length % types != 0) {
            throw new IllegalArgumentException(
                    r.length + " children are not a whole number of positions of " + types + " types");
        }
        int positions = r.length / types;
        int classes = r[0].length;
        double[][] mean = new double[types][classes];
        for (int i = 0; i < r.length; i++) {
            for (int j = 0; j < classes; j++) {
                mean[i % types][j] += r[i][j] / positions;
            }
        }
        return mean;
    }

    /** Per class capsule, the sum of R over the children, {@code [J]}: the share of the children it explains. */
    public static double[] received(double[][] r) {
        double[] sum = new double[r[0].length];
        for (double[] row : r) {
            for (int j = 0; j < row.length; j++) {
                sum[j] += row[j];
            }
        }
        return sum;
    }
}
