package org.capsnet.eval.pictures;

import java.awt.image.BufferedImage;
import org.capsnet.data.LabelledImages;
import org.capsnet.model.CapsNetConfig;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Reconstructions as in the paper's figure 3: for N consecutive examples, the input image above what the decoder
 * makes of the longest (predicted) capsule alone. Columns are labelled {@code true>predicted}.
 */
public final class Reconstructions {
    /** Each image pixel is drawn as a {@code SCALE x SCALE} block. */
    public static final int SCALE = 2;

    private Reconstructions() {}

    /** The inputs and reconstructions of examples {@code from .. from+count-1} of {@code data}: 2 rows, count columns. */
    public static ImageGrid grid(ComputationGraph graph, CapsNetConfig arch, LabelledImages data, int from, int count) {
        INDArray images = DigitCapsules.examples(data, from, count);
        DigitCapsules capsules = DigitCapsules.infer(graph, arch, images);
        int[] predicted = capsules.longest();
        INDArray reconstructions = CapsuleDecoder.of(graph).decode(capsules.masked(predicted));
        ImageGrid grid = new ImageGrid(2, count, data.height(), data.width(), SCALE)
                .title("reconstructions of the predicted capsule (label>predicted)")
                .rowLabel(0, "input")
                .rowLabel(1, "decoded")
                .row(0, images)
                .row(1, reconstructions);
        for (int c = 0; c < count; c++) {
            grid.columnLabel(c, labelText(data.labels()[from + c]) + ">" + predicted[c]);
        }
        return grid;
    }

    public static BufferedImage render(
            ComputationGraph graph, CapsNetConfig arch, LabelledImages data, int from, int count) {
        return grid(graph, arch, data, from, count).render();
    }

    static String labelText(int[] labels) {
        StringBuilder s = new StringBuilder();
        for (int label : labels) {
            s.append(s.length() == 0 ? "" : "+").append(label);
        }
        return s.toString();
    }
}
