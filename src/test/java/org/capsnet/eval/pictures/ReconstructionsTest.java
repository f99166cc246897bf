package org.capsnet.eval.pictures;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import org.capsnet.data.LabelledImages;
import org.capsnet.model.CapsNetConfig;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;

class ReconstructionsTest {
    @Test
    void pictureShowsEachInputAboveItsReconstruction() {
        CapsNetConfig arch = Pictures.tinyArch(4, true);
        ComputationGraph graph = Pictures.network(arch);
        LabelledImages data = Pictures.tinyData(arch, 8);
        ImageGrid grid = Reconstructions.grid(graph, arch, data, 2, 5);
        BufferedImage image = grid.render();

        assertEquals(2, grid.rows());
        assertEquals(5, grid.columns());
        assertEquals(grid.left() + 5 * (10 * Reconstructions.SCALE + ImageGrid.GAP), image.getWidth());
        assertEquals(grid.top() + 2 * (10 * Reconstructions.SCALE + ImageGrid.GAP), image.getHeight());
        Pictures.assertNotBlank(image);
        // first input tile is example 2, pixel (0, 0)
        int gray = image.getRGB(grid.left(), grid.top()) & 255;
        assertEquals(Math.round(255 * data.images().getFloat(2, 0)), gray);
        double[] decodedRow = Pictures.luminance(
                image,
                grid.left(),
                grid.top() + grid.pitchY(),
                5 * grid.pitchX() - ImageGrid.GAP,
                grid.pitchY() - ImageGrid.GAP);
        assertTrue(decodedRow[2] > 0, "reconstructions are uniform");
    }

    @Test
    void examplesOutsideTheSplitAreRefused() {
        CapsNetConfig arch = Pictures.tinyArch(4, true);
        assertThrows(
                IllegalArgumentException.class,
                () -> Reconstructions.grid(Pictures.network(arch), arch, Pictures.tinyData(arch, 3), 1, 3));
    }
}
