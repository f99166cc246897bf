package org.capsnet.eval.pictures;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.util.Map;
import org.capsnet.data.LabelledImages;
import org.capsnet.model.CapsNetConfig;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;

class TwoDigitReconstructionsTest {
    @Test
    void pictureShowsTheInputAboveTheReconstructionsOfBothPredictedDigits() {
        CapsNetConfig arch = Pictures.tinyArch(4, true);
        ComputationGraph graph = Pictures.network(arch);
        graph.params().muli(10); // contrast: random small weights decode to a flat 0.5 gray
        LabelledImages single = Pictures.tinyData(arch, 4);
        int[][] labels = {{1, 2}, {3, 4}, {5, 6}, {7, 8}};
        LabelledImages multi = new LabelledImages(single.images(), 10, 10, labels, null, Map.of());

        ImageGrid grid = TwoDigitReconstructions.grid(graph, arch, multi, 0, 4);
        BufferedImage image = grid.render();
        assertEquals(3, grid.rows());
        assertEquals(4, grid.columns());
        assertEquals(grid.top() + 3 * (10 * TwoDigitReconstructions.SCALE + ImageGrid.GAP), image.getHeight());
        Pictures.assertNotBlank(image);

        int differing = 0;
        for (int c = 0; c < 4; c++) {
            for (int y = 0; y < 10 * TwoDigitReconstructions.SCALE; y++) {
                for (int x = 0; x < 10 * TwoDigitReconstructions.SCALE; x++) {
                    int px = grid.left() + c * grid.pitchX() + x;
                    differing += image.getRGB(px, grid.top() + grid.pitchY() + y)
                                    != image.getRGB(px, grid.top() + 2 * grid.pitchY() + y)
                            ? 1
                            : 0;
                }
            }
        }
        assertTrue(differing > 0, "the two digits are decoded from different capsules");
    }
}
