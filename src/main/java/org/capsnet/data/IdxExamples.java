package org.capsnet.data;

import java.util.Map;
import org.capsnet.io.StoragePath;

/**
 * The examples of one split of IDX files in {@code dir} (MNIST-like, or MultiMNIST written by {@code data
 * multimnist}). Made on the driver from the files' headers by {@link ExampleSets#of}; an executor reads the files
 * themselves, once, when it first needs an example.
 */
public record IdxExamples(StoragePath dir, Split split, long size, int height, int width, int digitsPerImage)
        implements ExampleSet {

    @Override
    public Map<String, String> sha256() {
        return DatasetLoader.hashes(dir, split);
    }

    @Override
    public ExampleReader open() {
        StoredExamples stored = DatasetLoader.loadStored(dir, split);
        if (stored.size() != size) {
            throw new org.capsnet.InvalidInputException(dir + ": the " + split.prefix() + " files changed while "
                    + "training (" + stored.size() + " examples, " + size + " when the run started)");
        }
        return stored;
    }
}
