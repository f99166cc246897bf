package org.capsnet.data;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One {@link ExampleReader} per {@link ExampleSet} and JVM: an executor reads its data set's files once, the
 * first time a task needs them, and every later task and round reuses them (47 MB of source digits for MNIST).
 */
public final class ExampleReaders {
    private static final Map<ExampleSet, ExampleReader> READERS = new ConcurrentHashMap<>();

    private ExampleReaders() {}

    public static ExampleReader cached(ExampleSet set) {
        ExampleReader reader = READERS.get(set);
        if (reader != null) {
            return reader;
        }
        synchronized (ExampleReaders.class) { // one load at a time: two tasks must not both read 47 MB
            return READERS.computeIfAbsent(set, ExampleSet::open);
        }
    }

    /** Forgets the readers (tests that rewrite files under the same name). */
    public static void clear() {
        READERS.clear();
    }
}
