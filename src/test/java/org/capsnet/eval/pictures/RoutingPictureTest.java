package org.capsnet.eval.pictures;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import org.capsnet.model.CapsNetConfig;
import org.junit.jupiter.api.Test;

class RoutingPictureTest {
    @Test
    void heatMapOfOneExampleIsDrawnInColour() {
        CapsNetConfig arch = Pictures.tinyArch(4, false);
        BufferedImage image = RoutingPicture.render(Pictures.network(arch), arch, Pictures.tinyData(arch, 2), 1);
        assertEquals(RoutingPicture.WIDTH, image.getWidth());
        assertEquals(RoutingPicture.HEIGHT, image.getHeight());
        Pictures.assertNotBlank(image);
        assertTrue(Pictures.colours(image) > 20, "a heat map has many colours");
    }

    @Test
    void couplingMatrixMustMatchTheGrid() {
        assertThrows(IllegalArgumentException.class, () -> RoutingPicture.chart(new double[17][10], 3, 2, "wrong"));
    }

    @Test
    void colourScaleRunsFromDarkToBright() {
        ColourScale scale = new ColourScale(0, 2);
        java.awt.Color low = scale.colour(0);
        java.awt.Color high = scale.colour(2);
        assertTrue(low.getRed() + low.getGreen() + low.getBlue() < 200);
        assertTrue(high.getRed() + high.getGreen() + high.getBlue() > 450);
        assertEquals(high, scale.colour(5));
    }
}
