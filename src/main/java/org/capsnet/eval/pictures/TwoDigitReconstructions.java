package org.capsnet.eval.pictures;

import java.awt.image.BufferedImage;
import org.capsnet.data.LabelledImages;
import org.capsnet.model.CapsNetConfig;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * MultiMNIST reconstructions (the paper's figure 5, in grayscale): for N consecutive examples, the input image above
 * the decoder's reconstruction from the longest capsule alone and, below it, from the second-longest capsule
 * alone. Columns are labelled {@code a+b>c+d}: the two true digits, then the two predicted classes.
 */
public final class TwoDigitReconstructions {
    public static final int SCALE = 2;

    private TwoDigitReconstructions() {}

    /** Examples {@code from .. from+count-1} of {@code data}: 3 rows (input, 1st digit, 2nd digit), count columns. */
    public static ImageGrid grid(ComputationGraph graph, CapsNetConfig arch, LabelledImages data, int from, int count) {
        INDArray images = DigitCapsules.examples(data, from, count);
        DigitCapsules capsules = DigitCapsules.infer(graph, arch, images);
        int[][] top = capsules.longest(2);
        int[] first = new int[count];
        int[] second = new int[count];
        for (int b = 0; b < count; b++) {
            first[b] = top[b][0];
            second[b] = top[b][1];
        }
        CapsuleDecoder decoder = CapsuleDecoder.of(graph);
        ImageGrid grid = new ImageGrid(3, count, data.height(), data.width(), SCALE)
                .title("reconstructions of the two longest capsules (labels>predicted)")
                .rowLabel(0, "input")
                .rowLabel(1, "1st digit")
                .rowLabel(2, "2nd digit")
                .row(0, images)
                .row(1, decoder.decode(capsules.masked(first)))
                .row(2, decoder.decode(capsules.masked(second)));
        for (int c = 0; c < count; c++) {
            grid.columnLabel(c, Reconstructions.labelText(data.labels()[from + c]) + ">" + first[c] + "+" + second[c]);
        }
        return grid;
    }

    public static BufferedImage render(
            ComputationGraph graph, CapsNetConfig arch, LabelledImages data, int from, int count) {
        return grid(graph, arch, data, from, count).render();
    }
}
