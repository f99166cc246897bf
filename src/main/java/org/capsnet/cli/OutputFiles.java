package org.capsnet.cli;

import java.awt.image.BufferedImage;
import java.io.UncheckedIOException;
import org.capsnet.InvalidInputException;
import org.capsnet.eval.pictures.PngFiles;
import org.capsnet.io.StoragePath;

/** Output files named by an option: checked writable before the work, failures reported as bad input. */
final class OutputFiles {
    private OutputFiles() {}

    /** Creates the directory of {@code file} and checks it can be written, or fails naming {@code option}. */
    static void prepare(String option, StoragePath file) {
        prepare(option, file, null, null);
    }

    /**
     * {@link #prepare(String, StoragePath)}, and fails naming both options when {@code file} is the same file as
     * {@code input} (given by {@code inputOption}; null for none): the command would overwrite what it reads.
     */
    static void prepare(String option, StoragePath file, String inputOption, StoragePath input) {
        if (input != null && file.sameFileAs(input)) {
            throw new InvalidInputException(option + " " + file + " is the same file as " + inputOption + " " + input
                    + "; one would overwrite the other");
        }
        if (file.isDirectory()) {
            throw new InvalidInputException(option + " " + file + " is a directory; give a file name such as out.png");
        }
        try {
            file.checkWritable();
        } catch (InvalidInputException | UncheckedIOException e) {
            throw new InvalidInputException(option + " " + file + ": " + e.getMessage(), e);
        }
    }

    /** Writes {@code image} to {@code file} as PNG, atomically, or fails naming {@code option}. */
    static void writePng(String option, StoragePath file, BufferedImage image) {
        try {
            PngFiles.write(image, file);
        } catch (InvalidInputException | UncheckedIOException e) {
            throw new InvalidInputException(option + " " + file + ": " + e.getMessage(), e);
        }
    }
}
