package org.capsnet.io;

import java.io.Closeable;
import java.io.OutputStream;

/**
 * Content on its way to replace a file atomically ({@link StoragePath#openAtomically()}). Write to
 * {@link #stream()}, then {@link #commit()}; {@link #close()} without a commit discards what was written and leaves
 * the file as it was. Closing the stream itself does not commit.
 */
public interface AtomicOutput extends Closeable {
    /** Where the content goes; not buffered (wrap it). */
    OutputStream stream();

    /** Finishes the content and puts it under the final name. */
    void commit();

    /** Discards the content unless committed; never throws. */
    @Override
    void close();
}
