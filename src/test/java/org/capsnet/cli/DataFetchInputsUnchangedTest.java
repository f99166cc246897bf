package org.capsnet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.capsnet.data.TestData;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The inputs of a run are never modified (issue 16): {@code data fetch --from DIR --dir DIR}, the same directory
 * however it is spelt, is refused with exit 2 and one line before anything is written, and every input file keeps
 * its bytes (and no file is added).
 */
class DataFetchInputsUnchangedTest {
    @TempDir
    Path tmp;

    private Path data;
    private Map<String, byte[]> before;
    private String err;

    /** A small MNIST-shaped data set: the gzip files under their standard names and two uncompressed copies. */
    @BeforeEach
    void dataSet() throws IOException {
        data = tmp.resolve("mnist");
        TestData.mnistSubset(data, 20, 10);
        TestData.gunzip(data.resolve("t10k-labels-idx1-ubyte.gz"), data.resolve("t10k-labels.idx1-ubyte"));
        TestData.gunzip(data.resolve("train-images-idx3-ubyte.gz"), data.resolve("train-images-idx3-ubyte"));
        before = contents(data);
    }

    private static Map<String, byte[]> contents(Path dir) throws IOException {
        Map<String, byte[]> out = new TreeMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                out.put(f.getFileName().toString(), Files.readAllBytes(f));
            }
        }
        return out;
    }

    private int fetch(String from, String dir) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(new ByteArrayOutputStream(), true));
            System.setErr(new PrintStream(e, true));
            return CapsNetMain.run("data", "fetch", "--dataset", "mnist", "--from", from, "--dir", dir);
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
            err = e.toString();
        }
    }

    private void assertRefusedAndUnchanged(String from, String dir) throws IOException {
        assertEquals(CapsNetMain.EXIT_BAD_INPUT, fetch(from, dir), err);
        String line = err.strip();
        assertEquals(1, line.lines().count(), err);
        assertTrue(line.startsWith("capsnet: ") && line.contains(dir) && line.contains("--from"), line);
        Map<String, byte[]> after = contents(data);
        assertEquals(before.keySet(), after.keySet(), "files added or removed");
        before.forEach((name, bytes) -> assertTrue(Arrays.equals(bytes, after.get(name)), name + " changed"));
    }

    @Test
    void fetchFromADirectoryIntoItselfIsRefusedAndLeavesItsFilesAsTheyWere() throws IOException {
        assertRefusedAndUnchanged(data.toString(), data.toString());
    }

    @Test
    void theSameDirectorySpeltAnotherWayIsRefusedToo() throws IOException {
        Files.createDirectories(data.resolve("sub"));
        before = contents(data);
        assertRefusedAndUnchanged(
                data.toString(), data.resolve("sub").resolve("..").toString());
        assertRefusedAndUnchanged(data.toString(), data + "/.");
        Path link = Files.createSymbolicLink(tmp.resolve("link"), data);
        assertRefusedAndUnchanged(link.toString(), data.toString());
        assertRefusedAndUnchanged(data.toString(), link.toString());
    }

    @Test
    void anotherDirectoryIsStillFine() throws IOException {
        Path out = tmp.resolve("out");
        assertEquals(CapsNetMain.EXIT_OK, fetch(data.toString(), out.toString()), err);
        assertEquals(4, contents(out).size());
        Map<String, byte[]> after = contents(data);
        assertEquals(before.keySet(), after.keySet());
        before.forEach((name, bytes) -> assertTrue(Arrays.equals(bytes, after.get(name)), name + " changed"));
    }
}
