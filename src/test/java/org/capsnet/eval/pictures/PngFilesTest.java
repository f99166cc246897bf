package org.capsnet.eval.pictures;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import javax.imageio.ImageIO;
import org.capsnet.io.StoragePath;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PngFilesTest {
    @Test
    void writtenPngReadsBackPixelForPixel(@TempDir Path dir) throws IOException {
        BufferedImage image = new ImageGrid(2, 3, 4, 4, 1)
                .tile(1, 2, new float[] {0, .1f, .2f, .3f, .4f, .5f, .6f, .7f, .8f, .9f, 1, 0, 1, 0, 1, 0})
                .rowLabel(0, "x")
                .render();
        Path file = dir.resolve("a/b/grid.png");
        PngFiles.write(image, StoragePath.local(file));
        BufferedImage back = ImageIO.read(file.toFile());
        assertEquals(image.getWidth(), back.getWidth());
        assertEquals(image.getHeight(), back.getHeight());
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                assertEquals(image.getRGB(x, y), back.getRGB(x, y));
            }
        }
    }

    @Test
    void dataUriHoldsThePngBytes() {
        BufferedImage image = new ImageGrid(1, 1, 2, 2, 1)
                .tile(0, 0, new float[] {0, 1, 1, 0})
                .render();
        String uri = PngFiles.dataUri(image);
        assertTrue(uri.startsWith("data:image/png;base64,"), uri);
        byte[] png = java.util.Base64.getDecoder().decode(uri.substring(uri.indexOf(',') + 1));
        assertArrayEquals(PngFiles.encode(image), png);
        assertEquals((byte) 0x89, png[0]);
        assertEquals('P', png[1]);
    }
}
