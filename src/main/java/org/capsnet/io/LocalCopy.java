package org.capsnet.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A file's content on the local disk, for APIs that need a java.io.File (zip readers): the file itself when it is
 * local, else a temporary download that {@link #close()} deletes.
 */
public final class LocalCopy implements AutoCloseable {
    private final Path path;
    private final boolean temporary;

    LocalCopy(Path path, boolean temporary) {
        this.path = path;
        this.temporary = temporary;
    }

    public Path path() {
        return path;
    }

    @Override
    public void close() {
        if (temporary) {
            try {
                Files.deleteIfExists(path);
            } catch (IOException ignored) {
                // best effort: a temporary download in java.io.tmpdir
            }
        }
    }
}
