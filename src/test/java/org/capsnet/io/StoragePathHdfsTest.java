package org.capsnet.io;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class StoragePathHdfsTest {
    @TempDir
    static Path tmp;
    static MiniHdfs hdfs;

    @BeforeAll
    static void startHdfs() {
        long t0 = System.nanoTime();
        hdfs = MiniHdfs.start(tmp.resolve("dfs"));
        System.err.println("MiniDFSCluster up in " + (System.nanoTime() - t0) / 1e9 + " s at " + hdfs.uri("/"));
    }

    @AfterAll
    static void stopHdfs() {
        if (hdfs != null) {
            hdfs.close();
        }
    }

    @Test
    void writeAtomicallyThenReadBack() throws Exception {
        StoragePath f = StoragePath.of(hdfs.uri("/a/b/file.txt"));
        f.writeAtomically(out -> out.write("one".getBytes(StandardCharsets.UTF_8)));
        f.writeAtomically(out -> out.write("two".getBytes(StandardCharsets.UTF_8)));
        try (InputStream in = f.openInput()) {
            assertEquals("two", new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
        assertEquals(1, f.parent().list().size(), f.parent().list().toString());
        assertTrue(f.isFile());
    }
}
