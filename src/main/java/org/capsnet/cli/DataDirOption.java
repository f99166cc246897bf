package org.capsnet.cli;

import org.capsnet.InvalidInputException;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;

/** The --data option shared by the commands that read a data set directory. */
public class DataDirOption {
    @Option(names = "--data", required = true, paramLabel = "DIR",
            description = "Directory of IDX files with the standard names (train-*, t10k-*).")
    Path data;

    /** The directory, or a bad-input error naming the option. */
    Path existing() {
        if (!Files.isDirectory(data)) {
            throw new InvalidInputException("--data " + data + " is not a directory");
        }
        return data;
    }
}
