package org.capsnet.data;

import java.io.Serializable;
import java.util.Map;

/**
 * A description of one split's examples that travels to executors (a few hundred bytes): where they are read from
 * or how they are generated, how many there are and their shape. Executors turn it into an {@link ExampleReader}
 * through {@link ExampleReaders#cached}, which reads the files once per JVM; the driver only reads headers.
 * Implementations are records, so equal descriptions share one cached reader.
 */
public interface ExampleSet extends Serializable {
    /** Number of examples; ids run over 0..size-1. */
    long size();

    int height();

    int width();

    /** 1 for MNIST, 2 for MultiMNIST. */
    int digitsPerImage();

    /** SHA-256 (hex) of each file read, keyed by file name: for model provenance (streams the files). */
    Map<String, String> sha256();

    /**
     * The id of the q-th example of an evaluation on the first n of this set: q itself, except where the first ids
     * are not a fair sample (generated pairs give pair 0 of every source digit first).
     */
    default long evaluationId(long q) {
        return q;
    }

    /** Reads or prepares everything the reader needs; called once per JVM by {@link ExampleReaders#cached}. */
    ExampleReader open();
}
