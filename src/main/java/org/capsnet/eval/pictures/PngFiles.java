package org.capsnet.eval.pictures;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Base64;
import javax.imageio.ImageIO;
import org.capsnet.io.StoragePath;

/**
 * Pictures as PNG: written to files atomically (a crash never leaves a half-written picture under the final name),
 * or encoded in memory, e.g. as a data URI for an {@code <img>} tag in a notebook.
 */
public final class PngFiles {
    private PngFiles() {}

    /** Writes {@code image} to {@code target} as PNG, replacing it atomically. */
    public static void write(BufferedImage image, StoragePath target) {
        target.writeAtomically(out -> encode(image, out));
    }

    /** The PNG bytes of {@code image}. */
    public static byte[] encode(BufferedImage image) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try {
            encode(image, bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** {@code data:image/png;base64,...}: the picture inline, for HTML output (Zeppelin's %html). */
    public static String dataUri(BufferedImage image) {
        return "data:image/png;base64," + Base64.getEncoder().encodeToString(encode(image));
    }

    private static void encode(BufferedImage image, OutputStream out) throws IOException {
        if (!ImageIO.write(image, "png", out)) {
            throw new IOException("no PNG writer for image type " + image.getType());
        }
    }
}
