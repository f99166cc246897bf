package org.capsnet.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.PrivilegedExceptionAction;
import java.util.List;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.security.UserGroupInformation;
import org.capsnet.InvalidInputException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** {@link StoragePath} on a real (in-process) HDFS: atomic replacement, listing, copies, and the bad-input errors. */
@Tag("integration")
class StoragePathHdfsTest {
    static MiniHdfs hdfs;

    @BeforeAll
    static void startHdfs() {
        hdfs = MiniHdfs.shared();
    }

    private static void write(StoragePath p, String text) {
        p.writeAtomically(out -> out.write(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static String read(StoragePath p) throws IOException {
        try (InputStream in = p.openInput()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void writeAtomicallyReplacesAnExistingFileAndLeavesNoTemporaryFile() throws IOException {
        StoragePath f = StoragePath.of(hdfs.uri("/replace/a/model.zip"));
        write(f, "first");
        write(f, "second");
        assertEquals("second", read(f));
        assertEquals(List.of(f), f.parent().list());
        assertTrue(f.isFile() && f.parent().isDirectory() && !f.isDirectory());
        assertEquals(6, f.size());
    }

    @Test
    void aWriteThatFailsHalfwayLeavesThePreviousFile() throws IOException {
        StoragePath f = StoragePath.of(hdfs.uri("/crash/checkpoint.zip"));
        write(f, "complete");
        assertThrows(
                UncheckedIOException.class,
                () -> f.writeAtomically(out -> {
                    out.write("half of a new ".getBytes(StandardCharsets.UTF_8));
                    throw new IOException("disk on fire");
                }));
        assertEquals("complete", read(f));
        assertEquals(List.of(f), f.parent().list(), "the temporary file is gone");
    }

    @Test
    void listResolveParentAndFileNameKeepTheUriForm() {
        StoragePath dir = StoragePath.of(hdfs.uri("/listing"));
        write(dir.resolve("b"), "2");
        write(dir.resolve("a"), "1");
        assertEquals(
                List.of(hdfs.uri("/listing/a"), hdfs.uri("/listing/b")),
                dir.list().stream().map(StoragePath::toString).toList());
        assertEquals("a", dir.resolve("a").fileName());
        assertEquals(dir, dir.resolve("a").parent());
        assertFalse(dir.isLocal());
        assertTrue(dir.resolve("a").delete());
        assertFalse(dir.resolve("a").exists());
    }

    @Test
    void localCopyIsATemporaryDownloadDeletedOnClose() throws IOException {
        StoragePath f = StoragePath.of(hdfs.uri("/copy/data.bin"));
        write(f, "payload");
        java.nio.file.Path local;
        try (LocalCopy copy = f.localCopy()) {
            local = copy.path();
            assertEquals("payload", Files.readString(local));
        }
        assertFalse(Files.exists(local));
    }

    @Test
    void moveFromUploadsAndRemovesTheLocalFile() throws IOException {
        StoragePath f = StoragePath.of(hdfs.uri("/upload/model.zip"));
        java.nio.file.Path staging = f.createStagingFile();
        Files.writeString(staging, "zip bytes");
        f.moveFrom(staging);
        assertEquals("zip bytes", read(f));
        assertFalse(Files.exists(staging));
    }

    @Test
    void aMissingFileIsBadInputNamingIt() {
        StoragePath f = StoragePath.of(hdfs.uri("/no/such/file.gz"));
        InvalidInputException e = assertThrows(InvalidInputException.class, f::openInput);
        assertTrue(e.getMessage().startsWith(f + ": not found"), e.getMessage());
        assertFalse(f.exists());
    }

    @Test
    void aPermissionErrorIsBadInputNamingThePath() throws Exception {
        FileSystem superuser = hdfs.fileSystem();
        org.apache.hadoop.fs.Path locked = new org.apache.hadoop.fs.Path("/locked");
        superuser.mkdirs(locked);
        superuser.setPermission(locked, new FsPermission((short) 0700));
        StoragePath inside = StoragePath.of(hdfs.uri("/locked/model.zip"));
        write(inside, "secret");

        UserGroupInformation mallory = UserGroupInformation.createUserForTesting("mallory", new String[] {"users"});
        InvalidInputException read = mallory.doAs((PrivilegedExceptionAction<InvalidInputException>)
                () -> assertThrows(InvalidInputException.class, inside::isFile));
        assertTrue(read.getMessage().startsWith(inside + ": permission denied"), read.getMessage());
        assertTrue(read.getMessage().contains("mallory"), read.getMessage());
        InvalidInputException write = mallory.doAs((PrivilegedExceptionAction<InvalidInputException>)
                () -> assertThrows(InvalidInputException.class, () -> write(inside, "overwrite")));
        assertTrue(write.getMessage().startsWith(inside + ": permission denied"), write.getMessage());
        assertEquals("secret", read(inside));
    }

    @Test
    void anExistingDirectoryIsNotAWritableOutput() {
        StoragePath dir = StoragePath.of(hdfs.uri("/outputs/model.zip"));
        dir.createDirectories();
        InvalidInputException e = assertThrows(InvalidInputException.class, dir::checkWritable);
        assertEquals(dir + ": is a directory; an output must be a file name", e.getMessage());
        assertThrows(InvalidInputException.class, () -> write(dir, "x"));
    }

    @Test
    void aWriteDeletesOldClosedTemporariesAndKeepsOnesStillOpen() throws IOException {
        FileSystem fs = hdfs.fileSystem();
        String dir = "/stale";
        org.apache.hadoop.fs.Path old = new org.apache.hadoop.fs.Path(dir, ".model.zip.capsnet-elsewhere-9-abc.tmp");
        fs.create(old).close();
        fs.setTimes(old, System.currentTimeMillis() - 25 * 3600_000L, -1);
        org.apache.hadoop.fs.Path open = new org.apache.hadoop.fs.Path(dir, ".model.zip.capsnet-elsewhere-9-def.tmp");
        try (var writing = fs.create(open)) {
            writing.write(1);
            writing.hflush();
            fs.setTimes(open, System.currentTimeMillis() - 25 * 3600_000L, -1);
            write(StoragePath.of(hdfs.uri(dir + "/model.zip")), "new");
            assertFalse(fs.exists(old), "a day-old closed temporary is deleted");
            assertTrue(fs.exists(open), "a temporary still being written stays");
        }
    }

    @Test
    void anUnknownHostIsBadInputNamingThePath() {
        StoragePath p = StoragePath.of("hdfs://no-such-namenode.invalid:8020/data");
        InvalidInputException e = assertThrows(InvalidInputException.class, p::isDirectory);
        assertTrue(e.getMessage().startsWith(p + ": unknown host"), e.getMessage());
    }
}
