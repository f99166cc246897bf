package org.capsnet.io;

import java.io.FileNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.hadoop.fs.CommonPathCapabilities;
import org.apache.hadoop.fs.FSDataOutputStream;
import org.apache.hadoop.fs.FileContext;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Options;
import org.apache.hadoop.fs.ParentNotDirectoryException;
import org.apache.hadoop.fs.PathAccessDeniedException;
import org.apache.hadoop.fs.PathNotFoundException;
import org.apache.hadoop.fs.PathPermissionException;
import org.apache.hadoop.fs.UnsupportedFileSystemException;
import org.apache.hadoop.hdfs.DistributedFileSystem;
import org.apache.hadoop.security.AccessControlException;
import org.apache.hadoop.security.UserGroupInformation;
import org.capsnet.InvalidInputException;

/**
 * Any Hadoop FileSystem URI (hdfs://, s3a://, viewfs://, webhdfs://, ...) through {@link FileSystem}, configured by
 * {@link HadoopConf}, as the current Hadoop user. For how atomic replacement works on each kind of file system see
 * {@link StoragePath}.
 */
final class HadoopStorage implements Storage {
    private static final HadoopStorage INSTANCE = new HadoopStorage();

    private HadoopStorage() {}

    /** Checks that the URI is hierarchical and that a Hadoop file system serves its scheme (no connection yet). */
    static HadoopStorage forUri(StoragePath p) {
        URI uri = p.uri();
        if (uri.isOpaque()) {
            throw new InvalidInputException(
                    p + ": not a valid file system URI (write SCHEME://HOST/PATH or " + "SCHEME:///PATH)");
        }
        checkPort(p, uri);
        try {
            FileSystem.getFileSystemClass(uri.getScheme(), HadoopConf.get());
        } catch (IOException | RuntimeException e) {
            throw new InvalidInputException(
                    p + ": no Hadoop file system for scheme '" + uri.getScheme() + "'"
                            + ("s3a".equals(uri.getScheme()) ? " (add hadoop-aws to the classpath)" : ""),
                    e);
        }
        return INSTANCE;
    }

    /**
     * A port that is not a number (hdfs://nn:bad/x) leaves java.net.URI with a host-less "registry" authority that
     * Hadoop only rejects later, deep inside its client: refuse it here, as the URI's fault.
     */
    private static void checkPort(StoragePath p, URI uri) {
        String authority = uri.getRawAuthority();
        if (authority == null) {
            return;
        }
        String hostPort = authority.substring(authority.lastIndexOf('@') + 1);
        int colon = hostPort.lastIndexOf(':');
        if (colon < 0 || hostPort.lastIndexOf(']') > colon) {
            return; // no port, or the colons of an IPv6 address
        }
        String port = hostPort.substring(colon + 1);
        if (!port.isEmpty() && (!port.matches("\\d{1,5}") || Integer.parseInt(port) > 65535)) {
            throw new InvalidInputException(
                    p + ": not a valid URI (port '" + port + "' is not a number from 0 to " + "65535)");
        }
    }

    static org.apache.hadoop.fs.Path hadoopPath(StoragePath p) {
        URI u = p.uri();
        if (u.getPath() == null || u.getPath().isEmpty()) {
            try {
                u = new URI(u.getScheme(), u.getAuthority(), "/", null, null);
            } catch (URISyntaxException e) {
                throw new InvalidInputException(p + ": not a valid URI (" + e.getReason() + ")");
            }
        }
        return new org.apache.hadoop.fs.Path(u);
    }

    /** FileContexts by file system and user: each one holds a client (for HDFS a DFSClient) that is never closed. */
    private static final Map<List<Object>, FileContext> FILE_CONTEXTS = new ConcurrentHashMap<>();

    private static FileContext fileContext(FileSystem fs) throws IOException {
        List<Object> key = List.of(fs.getUri(), UserGroupInformation.getCurrentUser());
        FileContext fc = FILE_CONTEXTS.get(key);
        if (fc == null) {
            fc = FileContext.getFileContext(fs.getUri(), fs.getConf());
            FILE_CONTEXTS.putIfAbsent(key, fc);
        }
        return fc;
    }

    private FileSystem fs(StoragePath p) {
        try {
            return FileSystem.get(p.uri(), HadoopConf.get());
        } catch (IOException e) {
            if (String.valueOf(e.getMessage()).startsWith("Incomplete HDFS URI")) {
                throw new InvalidInputException(
                        p + ": not a valid HDFS URI, it names no NameNode host (write "
                                + "hdfs://HOST:PORT/PATH, or hdfs:///PATH with fs.defaultFS set to an HDFS)",
                        e);
            }
            throw failure(p, "open the file system of", e);
        } catch (IllegalArgumentException e) {
            // Hadoop's clients reject a URI they cannot use (no host, a bad authority, an unknown host for HDFS)
            // with IllegalArgumentException while the file system is created: the URI or the configuration is wrong
            RuntimeException mapped = failure(p, "open the file system of", new IOException(e.getMessage(), e));
            if (mapped instanceof InvalidInputException) {
                throw mapped;
            }
            throw new InvalidInputException(p + ": not a usable file system URI (" + firstLine(e) + ")", e);
        }
    }

    /** The status, or null if there is no such file. */
    private FileStatus status(StoragePath p) {
        try {
            return fs(p).getFileStatus(hadoopPath(p));
        } catch (FileNotFoundException e) {
            return null;
        } catch (IOException e) {
            throw failure(p, "look up", e);
        }
    }

    @Override
    public boolean exists(StoragePath p) {
        return status(p) != null;
    }

    @Override
    public boolean isFile(StoragePath p) {
        FileStatus s = status(p);
        return s != null && s.isFile();
    }

    @Override
    public boolean isDirectory(StoragePath p) {
        FileStatus s = status(p);
        return s != null && s.isDirectory();
    }

    @Override
    public long size(StoragePath p) {
        FileStatus s = status(p);
        if (s == null) {
            throw new InvalidInputException(p + ": not found");
        }
        return s.getLen();
    }

    @Override
    public List<StoragePath> list(StoragePath p) {
        try {
            FileStatus[] entries = fs(p).listStatus(hadoopPath(p));
            return Arrays.stream(entries)
                    .map(s -> s.getPath().getName())
                    .sorted(Comparator.naturalOrder())
                    .map(p::resolve)
                    .toList();
        } catch (IOException e) {
            throw failure(p, "list", e);
        }
    }

    @Override
    public void createDirectories(StoragePath p) {
        try {
            if (!fs(p).mkdirs(hadoopPath(p))) {
                throw new IOException("mkdirs returned false");
            }
        } catch (IOException e) {
            throw failure(p, "create directory", e);
        }
    }

    @Override
    public InputStream openInput(StoragePath p) throws IOException {
        FileStatus s = status(p);
        if (s == null) {
            throw new InvalidInputException(p + ": not found");
        }
        if (s.isDirectory()) {
            throw new InvalidInputException(p + ": is a directory, not a file");
        }
        try {
            return fs(p).open(hadoopPath(p));
        } catch (FileNotFoundException | AccessControlException e) {
            throw failure(p, "read", e);
        }
    }

    @Override
    public AtomicOutput openAtomically(StoragePath p) {
        FileSystem fs = fs(p);
        org.apache.hadoop.fs.Path target = hadoopPath(p);
        try {
            refuseDirectory(p, fs, target);
            fs.mkdirs(target.getParent());
            if (fs.hasPathCapability(target, CommonPathCapabilities.ABORTABLE_STREAM)) {
                return new InPlaceAbortable(p, fs.create(target, true));
            }
            deleteStaleTemporaries(fs, target.getParent());
            org.apache.hadoop.fs.Path tmp =
                    new org.apache.hadoop.fs.Path(target.getParent(), TempFiles.name(target.getName()));
            return new TempThenRename(p, fs, tmp, target, fs.create(tmp, false));
        } catch (IOException e) {
            throw failure(p, "write", e);
        }
    }

    @Override
    public void moveFrom(StoragePath p, Path localFile) {
        p.writeAtomically(out -> Files.copy(localFile, out));
        LocalStorage.deleteQuietly(localFile);
    }

    @Override
    public Path createStagingFile(StoragePath p) {
        try {
            return Files.createTempFile("capsnet-", "-" + p.fileName());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a local staging file for " + p + ": " + e.getMessage(), e);
        }
    }

    @Override
    public LocalCopy localCopy(StoragePath p) {
        Path tmp = createStagingFile(p);
        try (InputStream in = openInput(p)) {
            Files.copy(in, tmp, StandardCopyOption.REPLACE_EXISTING);
            return new LocalCopy(tmp, true);
        } catch (IOException e) {
            LocalStorage.deleteQuietly(tmp);
            throw failure(p, "download", e);
        } catch (RuntimeException e) {
            LocalStorage.deleteQuietly(tmp);
            throw e;
        }
    }

    @Override
    public boolean delete(StoragePath p) {
        try {
            return fs(p).delete(hadoopPath(p), false);
        } catch (IOException e) {
            throw failure(p, "delete", e);
        }
    }

    @Override
    public void checkWritable(StoragePath p) {
        FileSystem fs = fs(p);
        org.apache.hadoop.fs.Path target = hadoopPath(p);
        org.apache.hadoop.fs.Path probe =
                new org.apache.hadoop.fs.Path(target.getParent(), TempFiles.name(target.getName()));
        try {
            refuseDirectory(p, fs, target);
            fs.mkdirs(target.getParent());
            fs.create(probe, false).close();
            fs.delete(probe, false);
        } catch (IOException e) {
            throw failure(p, "write", e);
        }
    }

    /** Bad input naming {@code p} when an existing directory is where a file is to be written. */
    private static void refuseDirectory(StoragePath p, FileSystem fs, org.apache.hadoop.fs.Path target)
            throws IOException {
        FileStatus s;
        try {
            s = fs.getFileStatus(target);
        } catch (FileNotFoundException e) {
            return;
        }
        if (s.isDirectory()) {
            throw new InvalidInputException(p + ": is a directory; an output must be a file name");
        }
    }

    /**
     * Deletes the temporaries in {@code dir} that killed writes left (see {@link TempFiles}); best effort. On HDFS
     * a file still open for writing is kept whatever its age: its writer (or the lease of a dead one, which the
     * NameNode recovers within an hour) still holds it.
     */
    private static void deleteStaleTemporaries(FileSystem fs, org.apache.hadoop.fs.Path dir) {
        Instant now = Instant.now();
        try {
            for (FileStatus s : fs.listStatus(dir, path -> TempFiles.isOurs(path.getName()))) {
                try {
                    if (s.isFile()
                            && TempFiles.isStale(
                                    s.getPath().getName(), Instant.ofEpochMilli(s.getModificationTime()), now)
                            && isClosed(fs, s.getPath())) {
                        fs.delete(s.getPath(), false);
                    }
                } catch (IOException | RuntimeException ignored) {
                    // gone meanwhile, or not ours to delete: the write goes on
                }
            }
        } catch (IOException | RuntimeException ignored) {
            // an unlistable directory fails the write itself, with a better message
        }
    }

    private static boolean isClosed(FileSystem fs, org.apache.hadoop.fs.Path file) throws IOException {
        return !(fs instanceof DistributedFileSystem dfs) || dfs.isFileClosed(file);
    }

    @Override
    public URI identity(StoragePath p) {
        // without contacting the file system: hdfs:///x is fs.defaultFS's x when that is an HDFS too
        URI u = hadoopPath(p).toUri().normalize();
        String scheme = u.getScheme().toLowerCase(Locale.ROOT);
        String authority = u.getAuthority();
        URI defaultFs = FileSystem.getDefaultUri(HadoopConf.get());
        if (authority == null && scheme.equalsIgnoreCase(defaultFs.getScheme())) {
            authority = defaultFs.getAuthority();
        }
        try {
            return new URI(
                    scheme, authority == null ? null : authority.toLowerCase(Locale.ROOT), u.getPath(), null, null);
        } catch (URISyntaxException e) {
            return u;
        }
    }

    @Override
    public RuntimeException failure(StoragePath p, String action, IOException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof FileNotFoundException || t instanceof PathNotFoundException) {
                return new InvalidInputException(p + ": not found (" + firstLine(t) + ")", e);
            }
            if (t instanceof AccessControlException
                    || t instanceof PathAccessDeniedException
                    || t instanceof PathPermissionException
                    || t instanceof AccessDeniedException) {
                return new InvalidInputException(p + ": permission denied (" + firstLine(t) + ")", e);
            }
            if (t instanceof UnsupportedFileSystemException) {
                return new InvalidInputException(p + ": no Hadoop file system for this URI (" + firstLine(t) + ")", e);
            }
            if (t instanceof UnknownHostException) {
                return new InvalidInputException(p + ": unknown host " + firstLine(t), e);
            }
            if (t instanceof ParentNotDirectoryException) {
                return new InvalidInputException(
                        p + ": cannot " + action + ", a file is in the way (" + firstLine(t) + ")", e);
            }
        }
        return new UncheckedIOException("cannot " + action + " " + p + ": " + firstLine(e), e);
    }

    private static String firstLine(Throwable t) {
        String m = t.getMessage();
        return m == null
                ? t.getClass().getSimpleName()
                : m.strip().lines().findFirst().orElse("");
    }

    /**
     * A temporary file beside the target, renamed over it on commit with {@code FileContext.rename(OVERWRITE)}
     * (atomic on HDFS); without a FileContext binding for the scheme, delete then rename.
     */
    private final class TempThenRename implements AtomicOutput {
        private final StoragePath p;
        private final FileSystem fs;
        private final org.apache.hadoop.fs.Path tmp;
        private final org.apache.hadoop.fs.Path target;
        private final FSDataOutputStream out;
        private final CloseShield shielded;
        private boolean done;

        TempThenRename(
                StoragePath p,
                FileSystem fs,
                org.apache.hadoop.fs.Path tmp,
                org.apache.hadoop.fs.Path target,
                FSDataOutputStream out) {
            this.p = p;
            this.fs = fs;
            this.tmp = tmp;
            this.target = target;
            this.out = out;
            this.shielded = new CloseShield(out);
        }

        @Override
        public java.io.OutputStream stream() {
            return shielded;
        }

        @Override
        public void commit() {
            try {
                out.close();
                try {
                    fileContext(fs).rename(tmp, target, Options.Rename.OVERWRITE);
                } catch (UnsupportedFileSystemException noFileContext) {
                    fs.delete(target, false);
                    if (!fs.rename(tmp, target)) {
                        throw new IOException("rename of " + tmp + " to " + target + " failed");
                    }
                }
                done = true;
            } catch (IOException e) {
                throw failure(p, "write", e);
            } finally {
                if (!done) {
                    close();
                }
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
                try {
                    fs.delete(tmp, false);
                } catch (IOException ignored) {
                    // best effort: a leftover hidden .tmp never shadows the target
                }
            }
        }
    }

    /** Written straight to the target; visible only when the upload completes on commit, aborted on close. */
    private final class InPlaceAbortable implements AtomicOutput {
        private final StoragePath p;
        private final FSDataOutputStream out;
        private final CloseShield shielded;
        private boolean done;

        InPlaceAbortable(StoragePath p, FSDataOutputStream out) {
            this.p = p;
            this.out = out;
            this.shielded = new CloseShield(out);
        }

        @Override
        public java.io.OutputStream stream() {
            return shielded;
        }

        @Override
        public void commit() {
            done = true;
            try {
                out.close();
            } catch (IOException e) {
                throw failure(p, "write", e);
            }
        }

        @Override
        public void close() {
            if (!done) {
                done = true;
                try {
                    out.abort();
                    out.close();
                } catch (IOException | RuntimeException ignored) {
                    // the upload is abandoned either way
                }
            }
        }
    }
}
