package org.capsnet.io;

import org.capsnet.InvalidInputException;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Serializable;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.stream.Stream;

/**
 * A file or directory named by a plain local path or a file system URI. Every file the project reads or writes
 * goes through this type, so that all path options take the same forms.
 * <p>
 * Writes are atomic: {@link #writeAtomically} writes a temporary file in the target's directory and renames it
 * over the target, so a crash leaves the previous content intact.
 * <p>
 * This first implementation serves local paths only; Hadoop FileSystem URIs (hdfs://, s3a://) come behind the same
 * methods.
 */
public final class StoragePath implements Serializable {
    private static final long serialVersionUID = 1L;

    private final String location;

    private StoragePath(String location) {
        this.location = location;
    }

    /** A path as a user typed it: a local path or a URI. */
    public static StoragePath of(String pathOrUri) {
        if (pathOrUri == null || pathOrUri.isBlank()) {
            throw new InvalidInputException("empty path");
        }
        return new StoragePath(pathOrUri);
    }

    public static StoragePath local(Path path) {
        return new StoragePath(path.toString());
    }

    /** The child {@code name} of this directory. */
    public StoragePath resolve(String name) {
        return local(localPath().resolve(name));
    }

    /** The directory holding this path (this path made absolute first). */
    public StoragePath parent() {
        return local(localPath().toAbsolutePath().getParent());
    }

    /** The last name in the path. */
    public String fileName() {
        return localPath().getFileName().toString();
    }

    public boolean exists() {
        return Files.exists(localPath());
    }

    public boolean isFile() {
        return Files.isRegularFile(localPath());
    }

    public boolean isDirectory() {
        return Files.isDirectory(localPath());
    }

    /** The entries of this directory, sorted by name. */
    public List<StoragePath> list() {
        try (Stream<Path> entries = Files.list(localPath())) {
            return entries.sorted().map(StoragePath::local).toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + this + ": " + e.getMessage(), e);
        }
    }

    public void createDirectories() {
        try {
            Files.createDirectories(localPath());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create directory " + this + ": " + e.getMessage(), e);
        }
    }

    public InputStream openInput() throws IOException {
        return Files.newInputStream(localPath());
    }

    /** Replaces this file's content with what {@code writer} writes, atomically (temporary file, then rename). */
    public void writeAtomically(StreamWriter writer) {
        Path target = localPath().toAbsolutePath();
        Path tmp = null;
        try {
            Files.createDirectories(target.getParent());
            tmp = Files.createTempFile(target.getParent(), "." + target.getFileName(), ".tmp");
            try (OutputStream out = Files.newOutputStream(tmp)) {
                writer.writeTo(out);
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            tmp = null;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + this + ": " + e.getMessage(), e);
        } finally {
            if (tmp != null) {
                try {
                    Files.deleteIfExists(tmp);
                } catch (IOException ignored) {
                    // best effort: a leftover .tmp never shadows the target
                }
            }
        }
    }

    /** This path on the local disk. */
    public Path localPath() {
        return Path.of(location);
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
