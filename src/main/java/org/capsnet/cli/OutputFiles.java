package org.capsnet.cli;

import org.capsnet.InvalidInputException;
import org.capsnet.eval.pictures.PngFiles;
import org.capsnet.io.StoragePath;

import java.awt.image.BufferedImage;
import java.io.UncheckedIOException;

/** Output files named by an option: their directory made before the work, failures reported as bad input. */
final class OutputFiles {
    private OutputFiles() {
    }

    /** Creates the directory of {@code file}, or fails naming {@code option}; a directory is no output file. */
    static void prepare(String option, StoragePath path) {
        try {
            path.parent().createDirectories();
        } catch (UncheckedIOException | InvalidInputException e) {
            throw new InvalidInputException(option + ": " + e.getMessage(), e);
        }
        if (path.isDirectory()) {
            throw new InvalidInputException(option + " " + path + " is a directory; give a file name such as out.png");
        }
    }

    /** Writes {@code image} to {@code file} as PNG, atomically, or fails naming {@code option}. */
    static void writePng(String option, StoragePath file, BufferedImage image) {
        try {
            PngFiles.write(image, file);
        } catch (UncheckedIOException | InvalidInputException e) {
            throw new InvalidInputException(option + ": " + e.getMessage(), e);
        }
    }
}
