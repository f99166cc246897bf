package org.capsnet.io;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.capsnet.InvalidInputException;

/**
 * The local disk through java.nio: plain paths and {@code file:} URIs. Atomic replacement is a temporary file in the
 * target's directory renamed over the target ({@code rename(2)}, atomic on POSIX file systems). No Hadoop classes
 * are involved, so no {@code .crc} checksum files appear. Temporaries are named and cleaned up as
 * {@link TempFiles} says.
 */
final class LocalStorage implements Storage {
    static final LocalStorage INSTANCE = new LocalStorage();
    private static final FileAttribute<Set<PosixFilePermission>> READABLE =
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-rw-r--"));

    private LocalStorage() {}

    /** Checks that a file: URI names a local path (absolute, no host). */
    static LocalStorage forUri(StoragePath p) {
        pathOf(p);
        return INSTANCE;
    }

    static Path pathOf(StoragePath p) {
        if (!p.hasScheme()) {
            return Path.of(p.toString());
        }
        try {
            return Path.of(p.uri());
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(
                    p + ": not a local file URI (" + e.getMessage() + "; write file:///absolute/path)");
        }
    }

    @Override
    public boolean exists(StoragePath p) {
        return Files.exists(pathOf(p));
    }

    @Override
    public boolean isFile(StoragePath p) {
        return Files.isRegularFile(pathOf(p));
    }

    @Override
    public boolean isDirectory(StoragePath p) {
        return Files.isDirectory(pathOf(p));
    }

    @Override
    public long size(StoragePath p) {
        try {
            return Files.size(pathOf(p));
        } catch (IOException e) {
            throw failure(p, "read the size of", e);
        }
    }

    @Override
    public List<StoragePath> list(StoragePath p) {
        try (Stream<Path> entries = Files.list(pathOf(p))) {
            return entries.map(e -> e.getFileName().toString())
                    .sorted()
                    .map(p::resolve)
                    .toList();
        } catch (IOException e) {
            throw failure(p, "list", e);
        }
    }

    @Override
    public void createDirectories(StoragePath p) {
        try {
            Files.createDirectories(pathOf(p));
        } catch (IOException e) {
            throw failure(p, "create directory", e);
        }
    }

    @Override
    public InputStream openInput(StoragePath p) throws IOException {
        Path file = pathOf(p);
        if (Files.isDirectory(file)) {
            throw new InvalidInputException(p + ": is a directory, not a file");
        }
        try {
            return Files.newInputStream(file);
        } catch (NoSuchFileException | AccessDeniedException e) {
            throw failure(p, "read", e);
        }
    }

    @Override
    public AtomicOutput openAtomically(StoragePath p) {
        Path target = pathOf(p).toAbsolutePath();
        Path tmp = createStagingFile(p);
        try {
            return new TempThenRename(p, tmp, target, Files.newOutputStream(tmp));
        } catch (IOException e) {
            deleteQuietly(tmp);
            throw failure(p, "write", e);
        }
    }

    @Override
    public void moveFrom(StoragePath p, Path localFile) {
        Path target = pathOf(p).toAbsolutePath();
        try {
            Files.createDirectories(target.getParent());
            Files.move(localFile, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            p.writeAtomically(out -> Files.copy(localFile, out));
            deleteQuietly(localFile);
        } catch (IOException e) {
            throw failure(p, "write", e);
        }
    }

    @Override
    public Path createStagingFile(StoragePath p) {
        Path target = pathOf(p).toAbsolutePath();
        Path dir = target.getParent();
        try {
            Files.createDirectories(dir);
            deleteStaleTemporaries(dir);
            for (int attempt = 0; ; attempt++) {
                Path tmp = dir.resolve(TempFiles.name(target.getFileName().toString()));
                try {
                    try {
                        // rw-rw-r-- less the umask, as a plain new file gets (createTempFile would make it rw-------)
                        return Files.createFile(tmp, READABLE);
                    } catch (UnsupportedOperationException notPosix) {
                        return Files.createFile(tmp);
                    }
                } catch (FileAlreadyExistsException e) {
                    if (attempt >= 3) {
                        throw e;
                    }
                }
            }
        } catch (IOException e) {
            throw failure(p, "write", e);
        }
    }

    /** Deletes the temporaries in {@code dir} that killed writes left (see {@link TempFiles}); best effort. */
    static void deleteStaleTemporaries(Path dir) {
        Instant now = Instant.now();
        try (Stream<Path> entries = Files.list(dir)) {
            entries.filter(e -> TempFiles.isOurs(e.getFileName().toString())).forEach(e -> {
                try {
                    Instant modified = Files.getLastModifiedTime(e, LinkOption.NOFOLLOW_LINKS)
                            .toInstant();
                    if (TempFiles.isStale(e.getFileName().toString(), modified, now)
                            && Files.isRegularFile(e, LinkOption.NOFOLLOW_LINKS)) {
                        Files.deleteIfExists(e);
                    }
                } catch (IOException | RuntimeException ignored) {
                    // gone meanwhile, or not ours to delete: the write goes on
                }
            });
        } catch (IOException | RuntimeException ignored) {
            // an unlistable directory fails the write itself, with a better message
        }
    }

    @Override
    public LocalCopy localCopy(StoragePath p) {
        Path file = pathOf(p);
        if (Files.isDirectory(file)) {
            throw new InvalidInputException(p + ": is a directory, not a file");
        }
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException(p + ": not found");
        }
        return new LocalCopy(file, false);
    }

    @Override
    public boolean delete(StoragePath p) {
        try {
            return Files.deleteIfExists(pathOf(p));
        } catch (IOException e) {
            throw failure(p, "delete", e);
        }
    }

    @Override
    public void checkWritable(StoragePath p) {
        if (Files.isDirectory(pathOf(p))) {
            throw new InvalidInputException(p + ": is a directory; an output must be a file name");
        }
        deleteQuietly(createStagingFile(p));
    }

    @Override
    public URI identity(StoragePath p) {
        Path path = pathOf(p).toAbsolutePath().normalize();
        try {
            path = path.toRealPath(); // the same file through a symbolic link is the same file
        } catch (IOException notThereYet) {
            // an output that does not exist yet: its normalised absolute path
        }
        return path.toUri();
    }

    @Override
    public RuntimeException failure(StoragePath p, String action, IOException e) {
        if (e instanceof NoSuchFileException || e instanceof FileNotFoundException) {
            return new InvalidInputException(p + ": not found" + detail(p, e), e);
        }
        if (e instanceof AccessDeniedException) {
            return new InvalidInputException(p + ": permission denied" + detail(p, e), e);
        }
        if (e instanceof NotDirectoryException
                || e instanceof FileAlreadyExistsException
                || e instanceof FileSystemException f && "Not a directory".equals(f.getReason())) {
            return new InvalidInputException(p + ": cannot " + action + ", a file is in the way" + detail(p, e), e);
        }
        if (e instanceof FileSystemException f && "Is a directory".equals(f.getReason())) {
            return new InvalidInputException(p + ": is a directory; cannot " + action + " it as a file", e);
        }
        if (e instanceof FileSystemException f && "Read-only file system".equals(f.getReason())) {
            return new InvalidInputException(p + ": cannot " + action + " on a read-only file system", e);
        }
        return new UncheckedIOException("cannot " + action + " " + p + ": " + e.getMessage(), e);
    }

    /** The file the exception names, when it is not {@code p} itself (a parent directory, say). */
    private static String detail(StoragePath p, IOException e) {
        String m = e.getMessage();
        return m == null || m.equals(p.toString()) || m.equals(pathOf(p).toString()) ? "" : " (" + m + ")";
    }

    static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // best effort: a leftover hidden .tmp never shadows the target
        }
    }

    /** A temporary file beside the target, renamed over it on commit. */
    private static final class TempThenRename implements AtomicOutput {
        private final StoragePath p;
        private final Path tmp;
        private final Path target;
        private final OutputStream out;
        private final OutputStream shielded;
        private boolean done;

        TempThenRename(StoragePath p, Path tmp, Path target, OutputStream out) {
            this.p = p;
            this.tmp = tmp;
            this.target = target;
            this.out = out;
            this.shielded = new CloseShield(out);
        }

        @Override
        public OutputStream stream() {
            return shielded;
        }

        @Override
        public void commit() {
            try {
                out.close();
                Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                done = true;
            } catch (IOException e) {
                throw INSTANCE.failure(p, "write", e);
            }
        }

        @Override
        public void close() {
            if (!done) {
                done = true;
                try {
                    out.close();
                } catch (IOException ignored) {
                    // discarded anyway
                }
                deleteQuietly(tmp);
            }
        }
    }
}
