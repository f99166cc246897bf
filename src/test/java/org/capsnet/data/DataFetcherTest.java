package org.capsnet.data;

import org.capsnet.InvalidInputException;
import org.capsnet.io.StoragePath;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DataFetcherTest {
    private static final Map<String, byte[]> FILES = new HashMap<>();
    private static DatasetSpec spec;

    @TempDir
    Path dir;
    private final ByteArrayOutputStream log = new ByteArrayOutputStream();

    @BeforeAll
    static void sampleFiles() throws IOException {
        String[] sums = new String[4];
        for (int i = 0; i < 4; i++) {
            String name = DatasetSpec.FILES.get(i);
            Path f = TestData.mnistSample().resolve(name);
            FILES.put(name, Files.readAllBytes(f));
            sums[i] = Sha256.of(f);
        }
        spec = DatasetSpec.standard("sample", List.of(), sums);
    }

    private DataFetcher fetcher(LoopbackMirror... mirrors) {
        List<java.net.URI> bases = java.util.Arrays.stream(mirrors).map(LoopbackMirror::base).toList();
        PrintStream out = new PrintStream(log, true);
        return new DataFetcher(spec.withMirrors(bases), new Downloader(3, 5, out), out);
    }

    private static LoopbackMirror full(String prefix) throws IOException {
        LoopbackMirror m = new LoopbackMirror(prefix);
        FILES.forEach(m::serve);
        return m;
    }

    private void assertAllFilesComplete() throws IOException {
        for (String name : DatasetSpec.FILES) {
            assertArrayEquals(FILES.get(name), Files.readAllBytes(dir.resolve(name)), name);
        }
        try (var listing = Files.list(dir)) {
            assertEquals(4, listing.count(), "no .part files left");
        }
    }

    @Test
    void secondMirrorIsUsedWhenTheFirstAnswers404() throws IOException {
        try (LoopbackMirror empty = new LoopbackMirror("a"); LoopbackMirror good = full("b")) {
            fetcher(empty, good).fetch(StoragePath.local(dir));
            assertAllFilesComplete();
            assertEquals(4, empty.requests.size());
            assertEquals(4, good.requests.size());
        }
    }

    @Test
    void droppedConnectionIsResumedWithARangeRequest() throws IOException {
        String name = "train-images-idx3-ubyte.gz";
        try (LoopbackMirror m = full("a").dropOnce(name)) {
            fetcher(m).fetch(StoragePath.local(dir));
            assertAllFilesComplete();
            // The server drops after sending half; the client resumes from however much reached it.
            int half = FILES.get(name).length / 2;
            String prefix = "GET /a/" + name + " bytes=";
            String range = m.requests.stream().filter(r -> r.startsWith(prefix)).findFirst()
                    .orElseThrow(() -> new AssertionError("no Range request in " + m.requests));
            long offset = Long.parseLong(range.substring(prefix.length(), range.length() - 1));
            assertTrue(offset > 0 && offset <= half, range);
            assertTrue(log.toString().contains("resuming at " + offset + " bytes"), log.toString());
        }
    }

    @Test
    void unavailableMirrorIsRetriedAfterBackOff() throws IOException {
        String name = "train-labels-idx1-ubyte.gz";
        try (LoopbackMirror m = full("a").unavailableOnce(name)) {
            fetcher(m).fetch(StoragePath.local(dir));
            assertAllFilesComplete();
            assertEquals(2, m.requests.stream().filter(r -> r.equals("GET /a/" + name)).count());
        }
    }

    @Test
    void corruptFileOnTheFirstMirrorFallsBackToTheSecond() throws IOException {
        String name = "t10k-labels-idx1-ubyte.gz";
        try (LoopbackMirror bad = full("a").corrupt(name); LoopbackMirror good = full("b")) {
            fetcher(bad, good).fetch(StoragePath.local(dir));
            assertAllFilesComplete();
            assertEquals(List.of("GET /b/" + name), good.requests);
        }
    }

    @Test
    void corruptFileEverywhereFailsWithOneLineNamingTheFileAndNoFinalFile() throws IOException {
        String name = "t10k-images-idx3-ubyte.gz";
        try (LoopbackMirror a = full("a").corrupt(name); LoopbackMirror b = full("b").corrupt(name)) {
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> fetcher(a, b).fetch(StoragePath.local(dir)));
            assertTrue(e.getMessage().startsWith(dir.resolve(name).toString()), e.getMessage());
            assertTrue(e.getMessage().contains("does not match the official"), e.getMessage());
            assertEquals(1, e.getMessage().lines().count());
            assertFalse(Files.exists(dir.resolve(name)));
            assertFalse(Files.exists(dir.resolve(name + ".part")));
        }
    }

    @Test
    void verifiedFilesAlreadyPresentAreNotDownloadedAgain() throws IOException {
        try (LoopbackMirror m = full("a")) {
            fetcher(m).fetch(StoragePath.local(dir));
            fetcher(m).fetch(StoragePath.local(dir));
            assertEquals(4, m.requests.size());
        }
    }

    @Test
    void fromDirectoryAcceptsTheMnistSubsetAndCopiesIt() throws IOException {
        DataFetcher f = new DataFetcher(DatasetSpec.MNIST, new Downloader(1, 1, System.err), System.err);
        f.copyFrom(StoragePath.local(TestData.mnistSample()), StoragePath.local(dir));
        assertAllFilesComplete();
    }

    @Test
    void fromDirectoryRejectsAFullSizeFileWithTheWrongChecksum() {
        DataFetcher f = new DataFetcher(DatasetSpec.FASHION_MNIST.withMirrors(List.of()),
                new Downloader(1, 1, System.err), System.err);
        // Fashion-MNIST files are the full official ones: accepted as Fashion-MNIST, rejected as MNIST.
        f.copyFrom(StoragePath.local(TestData.shared().resolve("fashion-mnist")), StoragePath.local(dir.resolve("ok")));
        DataFetcher asMnist = new DataFetcher(DatasetSpec.MNIST, new Downloader(1, 1, System.err), System.err);
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> asMnist.copyFrom(StoragePath.local(TestData.shared().resolve("fashion-mnist")),
                        StoragePath.local(dir.resolve("bad"))));
        assertTrue(e.getMessage().contains("is not the official"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("bad")));
    }
}
