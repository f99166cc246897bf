package org.capsnet.eval.pictures;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

class ImageGridTest {
    @Test
    void sizeFollowsTilesScaleGapsAndLabelMargins() {
        ImageGrid plain = new ImageGrid(3, 4, 5, 6, 2);
        assertEquals(ImageGrid.GAP + 4 * (6 * 2 + ImageGrid.GAP), plain.render().getWidth());
        assertEquals(ImageGrid.GAP + 3 * (5 * 2 + ImageGrid.GAP), plain.render().getHeight());

        ImageGrid labelled = new ImageGrid(3, 4, 5, 6, 2)
                .rowLabel(1, "r")
                .columnLabel(0, "c")
                .title("t");
        BufferedImage image = labelled.render();
        assertEquals(ImageGrid.GAP + ImageGrid.ROW_LABEL_WIDTH + 4 * 14, image.getWidth());
        assertEquals(
                ImageGrid.GAP + ImageGrid.COLUMN_LABEL_HEIGHT + ImageGrid.TITLE_HEIGHT + 3 * 12, image.getHeight());
    }

    @Test
    void pixelValuesMapZeroToBlackAndOneToWhiteInScaledBlocks() {
        float[] pixels = {0f, 1f, 0.5f, 2f}; // 2x2 tile; 2 is clamped to white
        BufferedImage image = new ImageGrid(1, 1, 2, 2, 3).tile(0, 0, pixels).render();
        int x0 = ImageGrid.GAP;
        int y0 = ImageGrid.GAP;
        assertEquals(0x000000, image.getRGB(x0 + 2, y0 + 2) & 0xffffff);
        assertEquals(0xffffff, image.getRGB(x0 + 3, y0) & 0xffffff);
        assertEquals(0x808080, image.getRGB(x0 + 1, y0 + 5) & 0xffffff);
        assertEquals(0xffffff, image.getRGB(x0 + 5, y0 + 5) & 0xffffff);
    }

    @Test
    void withAColourScaleTilesAreHeatMaps() {
        ColourScale scale = new ColourScale(0, 4);
        float[] values = {0f, 1f, 3f, 9f}; // 2x2 tile; 9 is clamped to the top colour
        BufferedImage image =
                new ImageGrid(1, 1, 2, 2, 3).colours(scale).tile(0, 0, values).render();
        int x0 = ImageGrid.GAP;
        int y0 = ImageGrid.GAP;
        assertEquals(scale.colour(0).getRGB(), image.getRGB(x0 + 2, y0 + 2));
        assertEquals(scale.colour(1).getRGB(), image.getRGB(x0 + 3, y0));
        assertEquals(scale.colour(3).getRGB(), image.getRGB(x0 + 1, y0 + 5));
        assertEquals(scale.colour(4).getRGB(), image.getRGB(x0 + 5, y0 + 5));
    }

    @Test
    void tileOfTheWrongSizeIsRefused() {
        ImageGrid grid = new ImageGrid(1, 1, 2, 2, 1);
        assertThrows(IllegalArgumentException.class, () -> grid.tile(0, 0, new float[3]));
        assertThrows(IndexOutOfBoundsException.class, () -> grid.tile(1, 0, new float[4]));
    }
}
