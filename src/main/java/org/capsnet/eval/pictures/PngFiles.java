package org.capsnet.eval.pictures;

import org.capsnet.io.StoragePath;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.IOException;

/** Writes pictures as PNG files, atomically (a crash never leaves a half-written picture under the final name). */
public final class PngFiles {
    private PngFiles() {
    }

    /** Writes {@code image} to {@code target} as PNG, replacing it atomically. */
    public static void write(BufferedImage image, StoragePath target) {
        target.writeAtomically(out -> {
            if (!ImageIO.write(image, "png", out)) {
                throw new IOException("no PNG writer for image type " + image.getType());
            }
        });
    }
}
