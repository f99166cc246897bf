package org.capsnet.data;

/**
 * Random access to the examples of an {@link ExampleSet} by id: the few a minibatch needs, in the order asked.
 * Thread-safe: Spark runs several tasks of one executor at once.
 */
public interface ExampleReader {
    /**
     * The examples with these ids as a {@link LabelledImages} of {@code ids.length} rows (images, labels and, for
     * MultiMNIST, each digit's source image), in the order of {@code ids}.
     */
    LabelledImages read(long[] ids);
}
