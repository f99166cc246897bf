package org.capsnet.cli;

import org.capsnet.InvalidInputException;
import org.capsnet.io.StoragePath;
import picocli.CommandLine.Option;

/** The --data option shared by the commands that read a data set directory. */
public class DataDirOption {
    @Option(names = "--data", required = true, paramLabel = "DIR",
            description = "Directory of IDX files with the standard names (train-*, t10k-*): a local path or a "
                    + "Hadoop URI (hdfs://, s3a://, file://).")
    StoragePath data;

    /** The directory, or a bad-input error naming the option. */
    StoragePath existing() {
        if (!data.isDirectory()) {
            throw new InvalidInputException("--data " + data + " is not a directory");
        }
        return data;
    }
}
