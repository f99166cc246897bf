package org.capsnet.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.Serializable;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.capsnet.InvalidInputException;

/**
 * A file or directory named by a plain local path or a Hadoop FileSystem URI ({@code hdfs://namenode:8020/data},
 * {@code s3a://bucket/mnist}, {@code file:///shared/mnist}). Every file the project reads or writes goes through
 * this type, so that all path options take the same forms.
 * <p>
 * <b>Which file system.</b> A plain path (no scheme) and a {@code file:} URI are the local disk, read and written
 * with java.nio: no Hadoop classes are loaded and no {@code .crc} files appear beside the outputs. Any other scheme
 * goes through Hadoop's FileSystem API (the hadoop-client that Spark ships), configured from the Hadoop files on
 * the classpath ({@code HADOOP_CONF_DIR} under spark-submit) and {@code spark.hadoop.*} system properties
 * ({@link HadoopConf}). A path like {@code name:x} with a colon is read as a URI; write {@code ./name:x} for a
 * local file of that name.
 * <p>
 * <b>Atomic writes.</b> {@link #writeAtomically} and {@link #openAtomically} never leave a half-written file under
 * the final name; what a crash leaves depends on the file system:
 * <ul>
 * <li>local disk: a temporary file beside the target, then {@code rename(2)} over it (atomic); a crash leaves the
 * previous file and possibly a hidden {@code .NAME.capsnet-HOST-PID-RANDOM.tmp}, which a later write to the
 * directory deletes (see {@link TempFiles} for when a temporary counts as abandoned);</li>
 * <li>HDFS (and other file systems with a FileContext binding): a temporary file beside the target, then
 * {@code FileContext.rename(tmp, target, OVERWRITE)}, a single NameNode operation that replaces the target
 * atomically (plain {@code FileSystem.rename} refuses to overwrite);</li>
 * <li>s3a and other object stores whose output streams are abortable: the file is written straight to its final
 * name, because an object becomes visible only when its upload completes on close; a failure aborts the upload and
 * a crash never completes it, so the previous object stays. (A rename there is a copy and a delete, not atomic,
 * which is why it is not used);</li>
 * <li>other file systems without a FileContext binding: temporary file, delete of the target, rename: a crash
 * between the two can leave no file under the final name, but the complete temporary file beside it.</li>
 * </ul>
 * <p>
 * <b>Errors.</b> A bad URI, an unknown scheme or host, a missing file and a permission error are
 * {@link InvalidInputException}s whose one-line message starts with the path as the user wrote it; other I/O
 * failures are {@link java.io.UncheckedIOException}s that name it too.
 */
public final class StoragePath implements Serializable {
    private static final long serialVersionUID = 2L;
    private static final Pattern SCHEME = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*:.*", Pattern.DOTALL);

    private final String location;
    private transient Storage storage;

    private StoragePath(String location) {
        this.location = location;
    }

    /**
     * A path as a user typed it: a local path or a URI. Fails with {@link InvalidInputException} when the URI is
     * malformed or no file system serves its scheme.
     */
    public static StoragePath of(String pathOrUri) {
        if (pathOrUri == null || pathOrUri.isBlank()) {
            throw new InvalidInputException("empty path");
        }
        StoragePath p = new StoragePath(pathOrUri);
        p.storage();
        return p;
    }

    /** A path on the local disk (a relative name with a colon is kept local: {@code ./a:b}). */
    public static StoragePath local(Path path) {
        String s = path.toString();
        return new StoragePath(SCHEME.matcher(s).matches() ? "./" + s : s);
    }

    /** A local path, or null for null (for optional outputs). */
    public static StoragePath localOrNull(Path path) {
        return path == null ? null : local(path);
    }

    /** True for a plain path or a {@code file:} URI: the local disk, {@link #localPath()} works. */
    public boolean isLocal() {
        return storage() instanceof LocalStorage;
    }

    /** The child {@code name} of this directory. */
    public StoragePath resolve(String name) {
        if (!hasScheme()) {
            return local(localPath().resolve(name));
        }
        return new StoragePath(location.endsWith("/") ? location + name : location + "/" + name);
    }

    /** The directory holding this path (a local path is made absolute first). */
    public StoragePath parent() {
        if (!hasScheme()) {
            return local(localPath().toAbsolutePath().getParent());
        }
        URI u = uri();
        String path = stripTrailingSlash(u.getPath());
        int slash = path.lastIndexOf('/');
        String parentPath = slash <= 0 ? "/" : path.substring(0, slash);
        try {
            return new StoragePath(new URI(u.getScheme(), u.getAuthority(), parentPath, null, null).toString());
        } catch (URISyntaxException e) {
            throw new InvalidInputException(location + ": has no parent directory (" + e.getMessage() + ")");
        }
    }

    /** The last name in the path. */
    public String fileName() {
        if (!hasScheme()) {
            Path name = localPath().getFileName();
            return name == null ? "" : name.toString();
        }
        String path = stripTrailingSlash(uri().getPath());
        return path.substring(path.lastIndexOf('/') + 1);
    }

    public boolean exists() {
        return storage().exists(this);
    }

    public boolean isFile() {
        return storage().isFile(this);
    }

    public boolean isDirectory() {
        return storage().isDirectory(this);
    }

    /** Length of this file in bytes. */
    public long size() {
        return storage().size(this);
    }

    /** The entries of this directory, sorted by name. */
    public List<StoragePath> list() {
        return storage().list(this);
    }

    /** Creates this directory and its missing parents. */
    public void createDirectories() {
        storage().createDirectories(this);
    }

    /**
     * Opens this file for reading. A missing file, a permission error or a bad URI is an
     * {@link InvalidInputException}; the IOException is for failures while opening.
     */
    public InputStream openInput() throws IOException {
        return storage().openInput(this);
    }

    /** Replaces this file's content with what {@code writer} writes, atomically (see the class comment). */
    public void writeAtomically(StreamWriter writer) {
        try (AtomicOutput out = openAtomically()) {
            try {
                writer.writeTo(out.stream());
            } catch (IOException e) {
                throw storage().failure(this, "write", e);
            }
            out.commit();
        }
    }

    /**
     * An output whose content replaces this file atomically on {@link AtomicOutput#commit()}; closing it without a
     * commit leaves this file as it was. For several files written together (commit them all at the end).
     */
    public AtomicOutput openAtomically() {
        return storage().openAtomically(this);
    }

    /**
     * Puts a finished local file at this path, atomically, and removes it from where it was: a rename when both
     * are on the same local file system, else an atomic copy followed by a delete of {@code localFile}.
     */
    public void moveFrom(Path localFile) {
        storage().moveFrom(this, localFile);
    }

    /**
     * A new empty local file from which {@link #moveFrom} to this path is cheapest: beside this file when it is
     * local (a hidden {@code .NAME.capsnet-*.tmp}), else in java.io.tmpdir. The caller deletes it if it is not moved.
     */
    public Path createStagingFile() {
        return storage().createStagingFile(this);
    }

    /** This file on the local disk, downloaded to a temporary file (deleted on close) when it is remote. */
    public LocalCopy localCopy() {
        return storage().localCopy(this);
    }

    /** Deletes this file (not a directory); false if it did not exist. */
    public boolean delete() {
        return storage().delete(this);
    }

    /**
     * Checks, before long work, that a file can be written here later: creates the parent directory and a probe
     * file in it, then deletes the probe. A permission error, a file where a directory should be and an existing
     * directory at this path ("is a directory") are {@link InvalidInputException}s naming this path.
     */
    public void checkWritable() {
        storage().checkWritable(this);
    }

    /**
     * {@link #checkWritable()}, and also refuses this path when it names the same file as one of {@code inputs}
     * (null entries are skipped): an output must not overwrite what the command reads.
     */
    public void checkWritableApartFrom(StoragePath... inputs) {
        for (StoragePath input : inputs) {
            if (input != null && sameFileAs(input)) {
                throw new InvalidInputException(
                        this + ": is also an input (" + input + "); an output must not overwrite an input");
            }
        }
        checkWritable();
    }

    /**
     * Whether this path and {@code other} name the same file: the same normalised absolute path (through symbolic
     * links when the file exists) on the local disk, the same fully qualified URI on a Hadoop file system.
     */
    public boolean sameFileAs(StoragePath other) {
        if (equals(other)) {
            return true;
        }
        if (isLocal() != other.isLocal()) {
            return false;
        }
        return storage().identity(this).equals(other.storage().identity(other));
    }

    /**
     * The fully qualified URI, for APIs that take one (Spark's readers and writers): {@code file:/abs/path} for a
     * local path, so that a cluster whose default file system is HDFS still reads the local disk.
     */
    public URI uri() {
        if (!hasScheme()) {
            return localPath().toAbsolutePath().toUri();
        }
        try {
            return new URI(location);
        } catch (URISyntaxException e) {
            throw new InvalidInputException(location + ": not a valid URI (" + e.getReason() + ")");
        }
    }

    /** This path on the local disk; an IllegalStateException for a path on another file system. */
    public Path localPath() {
        if (!hasScheme()) {
            return Path.of(location);
        }
        if (!isLocal()) {
            throw new IllegalStateException(location + " is not on the local disk");
        }
        return LocalStorage.pathOf(this);
    }

    boolean hasScheme() {
        return SCHEME.matcher(location).matches();
    }

    private Storage storage() {
        if (storage == null) {
            storage = Storage.of(this);
        }
        return storage;
    }

    private static String stripTrailingSlash(String path) {
        String p = path == null ? "" : path;
        while (p.length() > 1 && p.endsWith("/")) {
            p = p.substring(0, p.length() - 1);
        }
        return p;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StoragePath other && location.equals(other.location);
    }

    @Override
    public int hashCode() {
        return location.hashCode();
    }

    /** The path as the user wrote it; error messages show this. */
    @Override
    public String toString() {
        return location;
    }
}
