package org.capsnet.io;

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
import org.apache.hadoop.security.AccessControlException;
import org.capsnet.InvalidInputException;

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
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Any Hadoop FileSystem URI (hdfs://, s3a://, viewfs://, webhdfs://, ...) through {@link FileSystem}, configured by
 * {@link HadoopConf}, as the current Hadoop user. For how atomic replacement works on each kind of file system see
 * {@link StoragePath}.
 */
final class HadoopStorage implements Storage {
    private static final HadoopStorage INSTANCE = new HadoopStorage();

    private HadoopStorage() {
    }

    /** Checks that the URI is hierarchical and that a Hadoop file system serves its scheme (no connection yet). */
    static HadoopStorage forUri(StoragePath p) {
        URI uri = p.uri();
        if (uri.isOpaque()) {
            throw new InvalidInputException(p + ": not a valid file system URI (write SCHEME://HOST/PATH or "
                    + "SCHEME:///PATH)");
        }
        try {
            FileSystem.getFileSystemClass(uri.getScheme(), HadoopConf.get());
        } catch (IOException | RuntimeException e) {
            throw new InvalidInputException(p + ": no Hadoop file system for scheme '" + uri.getScheme() + "'"
                    + ("s3a".equals(uri.getScheme()) ? " (add hadoop-aws to the classpath)" : ""), e);
        }
        return INSTANCE;
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

    private FileSystem fs(StoragePath p) {
        try {
            return FileSystem.get(p.uri(), HadoopConf.get());
        } catch (IOException e) {
            throw failure(p, "open the file system of", e);
        } catch (IllegalArgumentException e) {
            throw failure(p, "open the file system of", new IOException(e.getMessage(), e));
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
            return Arrays.stream(entries).map(s -> s.getPath().getName()).sorted(Comparator.naturalOrder())
                    .map(p::resolve).toList();
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
            fs.mkdirs(target.getParent());
            if (fs.hasPathCapability(target, CommonPathCapabilities.ABORTABLE_STREAM)) {
                return new InPlaceAbortable(p, fs.create(target, true));
            }
            org.apache.hadoop.fs.Path tmp = new org.apache.hadoop.fs.Path(target.getParent(),
                    "." + target.getName() + "." + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36)
                            + ".tmp");
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
        org.apache.hadoop.fs.Path probe = new org.apache.hadoop.fs.Path(target.getParent(),
                "." + target.getName() + ".probe-" + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36));
        try {
            fs.mkdirs(target.getParent());
            fs.create(probe, false).close();
            fs.delete(probe, false);
        } catch (IOException e) {
            throw failure(p, "write", e);
        }
    }

    @Override
    public RuntimeException failure(StoragePath p, String action, IOException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof FileNotFoundException || t instanceof PathNotFoundException) {
                return new InvalidInputException(p + ": not found (" + firstLine(t) + ")", e);
            }
            if (t instanceof AccessControlException || t instanceof PathAccessDeniedException
                    || t instanceof PathPermissionException || t instanceof AccessDeniedException) {
                return new InvalidInputException(p + ": permission denied (" + firstLine(t) + ")", e);
            }
            if (t instanceof UnsupportedFileSystemException) {
                return new InvalidInputException(p + ": no Hadoop file system for this URI (" + firstLine(t) + ")",
                        e);
            }
            if (t instanceof UnknownHostException) {
                return new InvalidInputException(p + ": unknown host " + firstLine(t), e);
            }
            if (t instanceof ParentNotDirectoryException) {
                return new InvalidInputException(p + ": cannot " + action + ", a file is in the way ("
                        + firstLine(t) + ")", e);
            }
        }
        return new UncheckedIOException("cannot " + action + " " + p + ": " + firstLine(e), e);
    }

    private static String firstLine(Throwable t) {
        String m = t.getMessage();
        return m == null ? t.getClass().getSimpleName() : m.strip().lines().findFirst().orElse("");
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

        TempThenRename(StoragePath p, FileSystem fs, org.apache.hadoop.fs.Path tmp, org.apache.hadoop.fs.Path target,
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
                    FileContext.getFileContext(fs.getUri(), fs.getConf()).rename(tmp, target,
                            Options.Rename.OVERWRITE);
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
