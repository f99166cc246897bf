package org.capsnet.eval.pictures;

import java.awt.image.BufferedImage;
import java.util.Locale;
import org.capsnet.data.LabelledImages;
import org.capsnet.model.CapsNetConfig;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * What each dimension of a class capsule encodes (the paper's figure 4): the winning (longest) capsule of one
 * image, one of its D dimensions at a time shifted by -0.25, -0.20, ..., +0.25, and decoded. One row per dimension,
 * {@value #STEPS} columns; the middle column is the unperturbed reconstruction.
 */
public final class CapsuleManipulation {
    /** Perturbations per dimension: -0.25 to 0.25 in steps of 0.05. */
    public static final int STEPS = 11;

    public static final double STEP = 0.05;
    public static final int SCALE = 2;

    private CapsuleManipulation() {}

    /** The perturbation of column {@code k}: (k - 5) * 0.05. */
    public static double perturbation(int k) {
        return (k - STEPS / 2) * STEP;
    }

    /**
     * Decoder inputs {@code [D * 11, J*D]}: row {@code d * 11 + k} is capsule {@code j} with dimension d shifted by
     * {@link #perturbation}(k), every other capsule zero.
     */
    public static INDArray perturbedCapsules(DigitCapsules capsules, int example, int j) {
        float[] pose = capsules.pose(example, j);
        int dims = pose.length;
        INDArray rows =
                Nd4j.create(capsules.poses().dataType(), (long) dims * STEPS, (long) capsules.capsules() * dims);
        for (int d = 0; d < dims; d++) {
            for (int k = 0; k < STEPS; k++) {
                float[] shifted = pose.clone();
                shifted[d] += (float) perturbation(k);
                rows.putRow((long) d * STEPS + k, capsules.maskedRow(j, shifted).reshape(-1));
            }
        }
        return rows;
    }

    /** The grid for example {@code index} of {@code data}: D rows x 11 columns of decoded images. */
    public static ImageGrid grid(ComputationGraph graph, CapsNetConfig arch, LabelledImages data, int index) {
        if (index < 0 || index >= data.size()) {
            throw new IllegalArgumentException("example " + index + " outside 0.." + (data.size() - 1));
        }
        INDArray image = data.images().get(NDArrayIndex.interval(index, index + 1), NDArrayIndex.all());
        DigitCapsules capsules = DigitCapsules.infer(graph, arch, image);
        int winner = capsules.longest()[0];
        INDArray decoded = CapsuleDecoder.of(graph).decode(perturbedCapsules(capsules, 0, winner));
        int dims = capsules.capsuleDim();
        ImageGrid grid = new ImageGrid(dims, STEPS, data.height(), data.width(), SCALE)
                .title(String.format(
                        Locale.ROOT,
                        "example %d, label %s, capsule %d perturbed",
                        index,
                        Reconstructions.labelText(data.labels()[index]),
                        winner));
        for (int d = 0; d < dims; d++) {
            grid.rowLabel(d, "dim " + (d + 1));
            grid.row(
                    d,
                    decoded.get(NDArrayIndex.interval((long) d * STEPS, (long) (d + 1) * STEPS), NDArrayIndex.all()));
        }
        for (int k = 0; k < STEPS; k++) {
            grid.columnLabel(k, String.format(Locale.ROOT, "%+.2f", perturbation(k)));
        }
        return grid;
    }

    public static BufferedImage render(ComputationGraph graph, CapsNetConfig arch, LabelledImages data, int index) {
        return grid(graph, arch, data, index).render();
    }
}
