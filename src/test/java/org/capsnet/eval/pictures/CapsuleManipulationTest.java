package org.capsnet.eval.pictures;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import org.capsnet.data.LabelledImages;
import org.capsnet.model.CapsNetConfig;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

class CapsuleManipulationTest {
    @Test
    void perturbationsRunFromMinusToPlusAQuarterInSteps() {
        assertEquals(-0.25, CapsuleManipulation.perturbation(0), 1e-12);
        assertEquals(0.0, CapsuleManipulation.perturbation(5), 1e-12);
        assertEquals(0.25, CapsuleManipulation.perturbation(10), 1e-12);
        assertEquals(0.05, CapsuleManipulation.perturbation(6) - CapsuleManipulation.perturbation(5), 1e-12);
    }

    @Test
    void eachRowShiftsOneDimensionOfTheWinningCapsuleOnly() {
        CapsNetConfig arch = Pictures.tinyArch(16, true);
        DigitCapsules capsules = DigitCapsules.infer(
                Pictures.network(arch), arch, Pictures.tinyData(arch, 1).images());
        int winner = capsules.longest()[0];
        INDArray rows = CapsuleManipulation.perturbedCapsules(capsules, 0, winner);
        INDArray unperturbed = capsules.masked(new int[] {winner});
        assertEquals(16 * 11, rows.size(0));
        for (int d = 0; d < 16; d++) {
            for (int k = 0; k < 11; k++) {
                INDArray diff = rows.getRow(d * 11L + k).sub(unperturbed.getRow(0));
                assertEquals(CapsuleManipulation.perturbation(k), diff.getDouble(winner * 16L + d), 1e-6);
                assertEquals(
                        Math.abs(CapsuleManipulation.perturbation(k)),
                        diff.norm1Number().doubleValue(),
                        1e-5);
            }
        }
    }

    @Test
    void pictureHasSixteenRowsOfElevenDecodedTilesThatVary() {
        CapsNetConfig arch = Pictures.tinyArch(16, true);
        ComputationGraph graph = Pictures.network(arch);
        LabelledImages data = Pictures.tinyData(arch, 3);
        ImageGrid grid = CapsuleManipulation.grid(graph, arch, data, 2);
        BufferedImage image = grid.render();

        assertEquals(16, grid.rows());
        assertEquals(11, grid.columns());
        int tile = 10 * CapsuleManipulation.SCALE;
        assertEquals(ImageGrid.GAP + ImageGrid.ROW_LABEL_WIDTH + 11 * (tile + ImageGrid.GAP), image.getWidth());
        assertEquals(
                ImageGrid.GAP + ImageGrid.COLUMN_LABEL_HEIGHT + ImageGrid.TITLE_HEIGHT + 16 * (tile + ImageGrid.GAP),
                image.getHeight());
        Pictures.assertNotBlank(image);
        double[] tiles = Pictures.luminance(
                image, grid.left(), grid.top(), 11 * grid.pitchX() - ImageGrid.GAP, 16 * grid.pitchY() - ImageGrid.GAP);
        assertTrue(tiles[2] > 0, "decoded tiles are uniform");
    }
}
