package org.capsnet.eval.pictures;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

class AssignmentPictureTest {
    private static final int GRID = 2;
    private static final int TYPES = 3;

    /** 2 x 2 positions x 3 types = 12 children, 2 classes: R_i0 = (i + 1) / 16, R_i1 = 1 - R_i0. */
    private static double[][] handBuiltR() {
        double[][] r = new double[GRID * GRID * TYPES][2];
        for (int i = 0; i < r.length; i++) {
            r[i][0] = (i + 1) / 16.0;
            r[i][1] = 1 - r[i][0];
        }
        return r;
    }

    @Test
    void everyCellShowsItsTypesPositionsInTheirClassRowColouredByR() {
        double[][] r = handBuiltR();
        ImageGrid grid = AssignmentPicture.grid(r, new double[] {0.25, 0.75}, GRID, TYPES, "R");
        BufferedImage image = grid.render();
        assertEquals(2, grid.rows());
        assertEquals(TYPES, grid.columns());
        assertEquals(grid.width(), image.getWidth());
        assertEquals(grid.height(), image.getHeight());
        assertEquals(GRID * AssignmentPicture.SCALE + ImageGrid.GAP, grid.pitchX());
        // the scale runs from 0 to the largest R, R_01 = 15/16
        ColourScale scale = new ColourScale(0, 15 / 16.0);
        for (int j = 0; j < 2; j++) {
            for (int t = 0; t < TYPES; t++) {
                for (int row = 0; row < GRID; row++) {
                    for (int col = 0; col < GRID; col++) {
                        int x = grid.left() + t * grid.pitchX() + col * AssignmentPicture.SCALE + 3;
                        int y = grid.top() + j * grid.pitchY() + row * AssignmentPicture.SCALE + 3;
                        double value = (float) r[(row * GRID + col) * TYPES + t][j];
                        assertEquals(
                                scale.colour(value).getRGB(),
                                image.getRGB(x, y),
                                "class " + j + ", type " + t + ", position (" + row + ", " + col + ")");
                    }
                }
            }
        }
        // the largest R is drawn in the brightest colour, the smallest (1/16 of 15/16) near the dark end
        int brightest = scale.colour(15 / 16.0).getRGB();
        assertEquals(brightest, image.getRGB(grid.left() + 3, grid.top() + grid.pitchY() + 3));
    }

    @Test
    void meanOverPositionsAndReceivedSumAsDefined() {
        double[][] r = handBuiltR();
        double[][] mean = EmAssignments.meanOverPositions(r, TYPES);
        // type t has children t, t + 3, t + 6, t + 9: mean R_i0 = (4t + 4 + 18) / 64
        for (int t = 0; t < TYPES; t++) {
            assertEquals((4 * t + 22) / 64.0, mean[t][0], 1e-12, "type " + t);
            assertEquals(1 - (4 * t + 22) / 64.0, mean[t][1], 1e-12, "type " + t);
        }
        assertArrayEquals(new double[] {78 / 16.0, 12 - 78 / 16.0}, EmAssignments.received(r), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> EmAssignments.meanOverPositions(r, 5));
    }

    @Test
    void shapesMustMatch() {
        double[][] r = handBuiltR();
        assertThrows(IllegalArgumentException.class, () -> AssignmentPicture.grid(r, new double[2], 3, TYPES, "t"));
        assertThrows(IllegalArgumentException.class, () -> AssignmentPicture.grid(r, new double[3], GRID, TYPES, "t"));
    }
}
