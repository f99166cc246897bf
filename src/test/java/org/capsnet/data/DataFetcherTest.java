package org.capsnet.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.capsnet.InvalidInputException;
import org.capsnet.io.StoragePath;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataFetcherTest {
    private static final Map<String, byte[]> FILES = new HashMap<>();
    private static DatasetSpec spec;

    @TempDir
    Path dir;

    private final ByteArrayOutputStream log = new ByteArrayOutputStream();

    @BeforeAll
    static void sampleFiles() throws IOException {
        List<String> gzipSums = new ArrayList<>();
        List<String> idxSums = new ArrayList<>();
        for (String name : DatasetSpec.FILES) {
            Path f = TestData.mnistSample().resolve(name);
            FILES.put(name, Files.readAllBytes(f));
            gzipSums.add(Sha256.of(f));
            idxSums.add(Sha256.ofContent(StoragePath.local(f)));
        }
        spec = DatasetSpec.standard("sample", List.of(), gzipSums, idxSums);
    }

    private DataFetcher fetcher(LoopbackMirror... mirrors) {
        List<java.net.URI> bases =
                java.util.Arrays.stream(mirrors).map(LoopbackMirror::base).toList();
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
        try (LoopbackMirror empty = new LoopbackMirror("a");
                LoopbackMirror good = full("b")) {
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
            String range = m.requests.stream()
                    .filter(r -> r.startsWith(prefix))
                    .findFirst()
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
            assertEquals(
                    2,
                    m.requests.stream().filter(r -> r.equals("GET /a/" + name)).count());
        }
    }

    @Test
    void corruptFileOnTheFirstMirrorFallsBackToTheSecond() throws IOException {
        String name = "t10k-labels-idx1-ubyte.gz";
        try (LoopbackMirror bad = full("a").corrupt(name);
                LoopbackMirror good = full("b")) {
            fetcher(bad, good).fetch(StoragePath.local(dir));
            assertAllFilesComplete();
            assertEquals(List.of("GET /b/" + name), good.requests);
        }
    }

    @Test
    void corruptFileEverywhereFailsWithOneLineNamingTheFileAndNoFinalFile() throws IOException {
        String name = "t10k-images-idx3-ubyte.gz";
        try (LoopbackMirror a = full("a").corrupt(name);
                LoopbackMirror b = full("b").corrupt(name)) {
            InvalidInputException e = assertThrows(
                    InvalidInputException.class, () -> fetcher(a, b).fetch(StoragePath.local(dir)));
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
        DataFetcher f = new DataFetcher(
                DatasetSpec.FASHION_MNIST.withMirrors(List.of()), new Downloader(1, 1, System.err), System.err);
        // Fashion-MNIST files are the full official ones: accepted as Fashion-MNIST, rejected as MNIST.
        f.copyFrom(StoragePath.local(TestData.shared().resolve("fashion-mnist")), StoragePath.local(dir.resolve("ok")));
        DataFetcher asMnist = new DataFetcher(DatasetSpec.MNIST, new Downloader(1, 1, System.err), System.err);
        InvalidInputException e = assertThrows(
                InvalidInputException.class,
                () -> asMnist.copyFrom(
                        StoragePath.local(TestData.shared().resolve("fashion-mnist")),
                        StoragePath.local(dir.resolve("bad"))));
        assertTrue(e.getMessage().contains("is not the official"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("bad")));
    }

    @Test
    void recompressedDownloadIsAcceptedOnTheChecksumOfItsContent() throws IOException {
        String name = "t10k-labels-idx1-ubyte.gz";
        byte[] recompressed = recompress(FILES.get(name));
        assertFalse(java.util.Arrays.equals(FILES.get(name), recompressed), "other gzip bytes");
        try (LoopbackMirror m = full("a")) {
            m.serve(name, recompressed);
            fetcher(m).fetch(StoragePath.local(dir));
            assertArrayEquals(recompressed, Files.readAllBytes(dir.resolve(name)));
            assertEquals(4, m.requests.size(), "no download rejected");
        }
    }

    @Test
    void fromDirectoryAcceptsUncompressedAndAlternativelyNamedFilesAndWritesStandardNames() throws IOException {
        // t10k: the real, full MNIST test files decompressed (so their checksum is verified), under other names;
        // train: the sample's subset (no checksum), one raw and one gzip file with the dotted names.
        Path from = dir.resolve("from");
        Path images = TestData.gunzip(
                TestData.mnist().resolve("t10k-images-idx3-ubyte.gz"), from.resolve("t10k-images-idx3-ubyte"));
        TestData.gunzip(TestData.mnist().resolve("t10k-labels-idx1-ubyte.gz"), from.resolve("t10k-labels.idx1-ubyte"));
        TestData.gunzip(
                TestData.mnistSample().resolve("train-images-idx3-ubyte.gz"), from.resolve("train-images.idx3-ubyte"));
        Files.copy(
                TestData.mnistSample().resolve("train-labels-idx1-ubyte.gz"),
                from.resolve("train-labels.idx1-ubyte.gz"));
        Path out = dir.resolve("out");
        DataFetcher f = new DataFetcher(DatasetSpec.MNIST, new Downloader(1, 1, System.err), System.err);

        List<StoragePath> written = f.copyFrom(StoragePath.local(from), StoragePath.local(out));

        assertEquals(
                DatasetSpec.FILES.stream()
                        .map(n -> StoragePath.local(out.resolve(n)))
                        .toList(),
                written);
        try (var listing = Files.list(out)) {
            assertEquals(4, listing.count(), "only the four standard names, no temporary files");
        }
        assertArrayEquals(Files.readAllBytes(images), gunzip(out.resolve("t10k-images-idx3-ubyte.gz")));
        assertArrayEquals(
                FILES.get("train-labels-idx1-ubyte.gz"),
                Files.readAllBytes(out.resolve("train-labels-idx1-ubyte.gz")),
                "a gzip file is copied as it is");
        assertEquals(
                DatasetSpec.MNIST.idxSha256().get("t10k-labels-idx1-ubyte.gz"),
                Sha256.ofContent(StoragePath.local(out.resolve("t10k-labels-idx1-ubyte.gz"))));
    }

    @Test
    void fromDirectoryRejectsAnUncompressedFullFileWithTheWrongChecksum() throws IOException {
        Path from = dir.resolve("from");
        TestData.mnistSubset(from, 100, 10);
        Files.delete(from.resolve("t10k-images-idx3-ubyte.gz"));
        Files.delete(from.resolve("t10k-labels-idx1-ubyte.gz"));
        Path labels = TestData.gunzip(
                TestData.mnist().resolve("t10k-labels-idx1-ubyte.gz"), from.resolve("t10k-labels-idx1-ubyte"));
        TestData.gunzip(TestData.mnist().resolve("t10k-images-idx3-ubyte.gz"), from.resolve("t10k-images-idx3-ubyte"));
        byte[] raw = Files.readAllBytes(labels);
        raw[100] = (byte) ((raw[100] + 1) % 10); // still a valid label, not the official file
        Files.write(labels, raw);
        DataFetcher f = new DataFetcher(DatasetSpec.MNIST, new Downloader(1, 1, System.err), System.err);

        InvalidInputException e = assertThrows(
                InvalidInputException.class,
                () -> f.copyFrom(StoragePath.local(from), StoragePath.local(dir.resolve("out"))));
        assertTrue(e.getMessage().startsWith(labels.toString() + ": "), e.getMessage());
        assertTrue(e.getMessage().contains("is not the official"), e.getMessage());
        assertEquals(1, e.getMessage().lines().count());
        assertFalse(Files.exists(dir.resolve("out")));
    }

    @Test
    void fromDirectoryRejectsTwentyByTwentyImagesAsMnist() {
        Path from = dir.resolve("from");
        TestData.writeTinySplit(from, Split.TRAIN, 30, 20, 20);
        TestData.writeTinySplit(from, Split.TEST, 10, 20, 20);
        DataFetcher f = new DataFetcher(DatasetSpec.MNIST, new Downloader(1, 1, System.err), System.err);

        InvalidInputException e = assertThrows(
                InvalidInputException.class,
                () -> f.copyFrom(StoragePath.local(from), StoragePath.local(dir.resolve("out"))));
        assertEquals(
                from.resolve("train-images-idx3-ubyte.gz") + ": images are 20x20, mnist images are 28x28",
                e.getMessage());
        assertFalse(Files.exists(dir.resolve("out")));
    }

    private static byte[] gunzip(Path gz) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(gz))) {
            return in.readAllBytes();
        }
    }

    private static byte[] recompress(byte[] gz) throws IOException {
        byte[] raw;
        try (InputStream in = new GZIPInputStream(new java.io.ByteArrayInputStream(gz))) {
            raw = in.readAllBytes();
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(out) {
            {
                def.setLevel(java.util.zip.Deflater.BEST_SPEED);
            }
        }) {
            z.write(raw);
        }
        return out.toByteArray();
    }
}
