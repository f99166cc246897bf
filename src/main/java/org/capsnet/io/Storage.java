package org.capsnet.io;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/**
 * The operations of {@link StoragePath} on one kind of file system: {@link LocalStorage} (java.nio) or
 * {@link HadoopStorage} (Hadoop FileSystem API). Messages name the path as the user wrote it.
 */
interface Storage {
    /** The storage serving {@code p}: local for a plain path or a file: URI, Hadoop for any other scheme. */
    static Storage of(StoragePath p) {
        if (!p.hasScheme()) {
            return LocalStorage.INSTANCE;
        }
        String scheme = p.uri().getScheme();
        return "file".equalsIgnoreCase(scheme) ? LocalStorage.forUri(p) : HadoopStorage.forUri(p);
    }

    boolean exists(StoragePath p);

    boolean isFile(StoragePath p);

    boolean isDirectory(StoragePath p);

    long size(StoragePath p);

    List<StoragePath> list(StoragePath p);

    void createDirectories(StoragePath p);

    InputStream openInput(StoragePath p) throws IOException;

    AtomicOutput openAtomically(StoragePath p);

    void moveFrom(StoragePath p, Path localFile);

    Path createStagingFile(StoragePath p);

    LocalCopy localCopy(StoragePath p);

    boolean delete(StoragePath p);

    /** Fails with bad input naming {@code p} when a file cannot be written there; an existing directory cannot. */
    void checkWritable(StoragePath p);

    /** A canonical name of the file: two paths with equal identities name the same file. */
    URI identity(StoragePath p);

    /** The exception for an I/O failure on {@code p}: bad input (missing, denied, bad URI) or unchecked I/O. */
    RuntimeException failure(StoragePath p, String action, IOException e);
}
