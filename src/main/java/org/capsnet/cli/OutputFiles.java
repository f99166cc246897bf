package org.capsnet.cli;

import org.capsnet.InvalidInputException;
import org.capsnet.eval.pictures.PngFiles;
import org.capsnet.io.StoragePath;

import java.awt.image.BufferedImage;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/** Output files named by an option: their directory made before the work, failures reported as bad input. */
final class OutputFiles {
    private OutputFiles() {
    }

    /** Creates the directory of {@code file}, or fails naming {@code option}; a directory is no output file. */
    static void prepare(String option, Path file) {
        StoragePath path = StoragePath.local(file);
        try {
            path.parent().createDirectories();
        } catch (UncheckedIOException e) {
            throw new InvalidInputException(option + " " + file + ": " + e.getMessage(), e);
        }
        if (path.isDirectory()) {
            throw new InvalidInputException(option + " " + file + " is a directory; give a file name such as out.png");
        }
    }

    /** Writes {@code image} to {@code file} as PNG, atomically, or fails naming {@code option}. */
    static void writePng(String option, Path file, BufferedImage image) {
        try {
            PngFiles.write(image, StoragePath.local(file));
        } catch (UncheckedIOException e) {
            throw new InvalidInputException(option + " " + file + ": " + e.getMessage(), e);
        }
    }
}
