package org.capsnet.eval.pictures;

import java.awt.image.BufferedImage;
import java.util.Locale;
import org.capsnet.data.LabelledImages;
import org.capsnet.model.em.EmCapsNetConfig;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * The EM routing's assignment probabilities R of one example as a heat map ({@link ImageGrid} with a
 * {@link ColourScale}): one row per class capsule j, labelled with its activation; one column per child capsule type
 * (of conv capsule layer D); in each cell the G x G positions of that type as they sit on the grid, coloured by
 * R_ij, the probability that the child's vote belongs to class capsule j. The colour scale runs from 0 to the
 * example's largest R_ij. A bright cell in row j: children of that type whose votes class capsule j explains. The
 * title (short: it must fit above a few columns) gives the scale's top, the label and the prediction.
 */
public final class AssignmentPicture {
    /** Pixels per grid position. */
    public static final int SCALE = 8;

    private AssignmentPicture() {}

    /**
     * The grid of {@code r [I][J]} with I = gridSize * gridSize * types, child {@code i = (row * gridSize + column)
     * * types + type}, and the class capsules' {@code activations [J]}.
     */
    public static ImageGrid grid(double[][] r, double[] activations, int gridSize, int types, String title) {
        int positions = gridSize * gridSize;
        if (r.length != positions * types || r.length == 0) {
            throw new IllegalArgumentException(
                    r.length + " children, expected " + gridSize + "x" + gridSize + "x" + types);
        }
        int classes = r[0].length;
        if (activations.length != classes) {
            throw new IllegalArgumentException(activations.length + " activations for " + classes + " classes");
        }
        for (double[] row : r) {
            if (row.length != classes) {
                throw new IllegalArgumentException("rows of R of different lengths: " + row.length + ", " + classes);
            }
        }
        double max = largest(r);
        ImageGrid grid = new ImageGrid(classes, types, gridSize, gridSize, SCALE)
                .colours(new ColourScale(0, max > 0 ? max : 1e-6))
                .title(title);
        for (int j = 0; j < classes; j++) {
            grid.rowLabel(j, String.format(Locale.ROOT, "%d: a=%.2f", j, activations[j]));
            for (int t = 0; t < types; t++) {
                float[] tile = new float[positions];
                for (int p = 0; p < positions; p++) {
                    tile[p] = (float) r[p * types + t][j];
                }
                grid.tile(j, t, tile);
            }
        }
        for (int t = 0; t < types; t++) {
            grid.columnLabel(t, Integer.toString(t));
        }
        return grid;
    }

    /** The largest R_ij of {@code r}: the top of the colour scale. */
    public static double largest(double[][] r) {
        double max = 0;
        for (double[] row : r) {
            for (double v : row) {
                max = Math.max(max, v);
            }
        }
        return max;
    }

    /** The picture of example {@code index} of {@code data} through a trained em-capsnet. */
    public static BufferedImage render(ComputationGraph graph, EmCapsNetConfig arch, LabelledImages data, int index) {
        EmAssignments assignments = EmAssignments.infer(graph, arch, DigitCapsules.examples(data, index, 1));
        return render(assignments, 0, Reconstructions.labelText(data.labels()[index]));
    }

    /** The picture of example {@code b} of {@code assignments}, whose label is {@code label}. */
    public static BufferedImage render(EmAssignments assignments, int b, String label) {
        double[][] r = assignments.of(b);
        String title = String.format(
                Locale.ROOT,
                "R from 0 to %.3f; label %s, predicted %d",
                largest(r),
                label,
                assignments.predicted()[b]);
        return grid(r, assignments.activationsOf(b), assignments.gridSize(), assignments.types(), title)
                .render();
    }
}
