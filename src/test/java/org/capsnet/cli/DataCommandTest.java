package org.capsnet.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.capsnet.data.Split;
import org.capsnet.data.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DataCommandTest {
    @TempDir
    Path tmp;

    private String out;
    private String err;

    private int run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream o = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(o, true));
            System.setErr(new PrintStream(e, true));
            return CapsNetMain.run(args);
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
            out = o.toString();
            err = e.toString();
        }
    }

    /** {@link #run} with Spark's web UI off (no port taken), as the Spark test base classes do. */
    private int runWithoutSparkUi(String... args) {
        System.setProperty("spark.ui.enabled", "false");
        try {
            return run(args);
        } finally {
            System.clearProperty("spark.ui.enabled");
        }
    }

    private static long partFiles(Path parquet) throws IOException {
        try (var files = Files.list(parquet)) {
            return files.filter(f -> f.getFileName().toString().startsWith("part-"))
                    .count();
        }
    }

    private static Path sample() {
        return Path.of(System.getProperty("capsnet.sharedData", "../shared/data"))
                .resolve("mnist-sample");
    }

    /** The last line of stderr: the one-line error (progress lines may precede it). */
    private String errorLine() {
        String[] lines = err.strip().split("\\R");
        return lines[lines.length - 1];
    }

    @Test
    void fetchFromTheMnistSampleCopiesTheFourFiles() {
        Path dir = tmp.resolve("mnist");
        assertEquals(
                0,
                run("data", "fetch", "--dataset", "mnist", "--from", sample().toString(), "--dir", dir.toString()),
                err);
        for (String n : new String[] {
            "train-images-idx3-ubyte.gz",
            "train-labels-idx1-ubyte.gz",
            "t10k-images-idx3-ubyte.gz",
            "t10k-labels-idx1-ubyte.gz"
        }) {
            assertTrue(Files.isRegularFile(dir.resolve(n)), n);
            assertTrue(out.contains(dir.resolve(n).toString()), out);
        }
    }

    @Test
    void fetchFromTheRecompressedRealMnistAcceptsItOnTheChecksumsOfTheDecompressedFiles() throws IOException {
        // ../shared/data/mnist: the official IDX bytes recompressed, so no .gz hash is the official archive's.
        Path real = sample().resolveSibling("mnist");
        Path dir = tmp.resolve("mnist");
        assertEquals(
                0, run("data", "fetch", "--dataset", "mnist", "--from", real.toString(), "--dir", dir.toString()), err);
        for (String n : new String[] {
            "train-images-idx3-ubyte.gz",
            "train-labels-idx1-ubyte.gz",
            "t10k-images-idx3-ubyte.gz",
            "t10k-labels-idx1-ubyte.gz"
        }) {
            assertArrayEquals(Files.readAllBytes(real.resolve(n)), Files.readAllBytes(dir.resolve(n)), n);
            assertTrue(out.contains(dir.resolve(n).toString()), out);
        }
    }

    @Test
    void fetchFromTwentyByTwentyImagesExitsTwoWithOneLine() {
        Path from = tmp.resolve("small");
        TestData.writeTinySplit(from, Split.TRAIN, 20, 20, 20);
        TestData.writeTinySplit(from, Split.TEST, 10, 20, 20);
        assertEquals(
                2,
                run(
                        "data",
                        "fetch",
                        "--dataset",
                        "mnist",
                        "--from",
                        from.toString(),
                        "--dir",
                        tmp.resolve("out").toString()));
        assertEquals(1, err.strip().lines().count(), err);
        assertTrue(
                errorLine().contains(from.resolve("train-images-idx3-ubyte.gz").toString())
                        && errorLine().contains("20x20"),
                err);
        assertTrue(Files.notExists(tmp.resolve("out")));
    }

    @Test
    void multimnistFromFetchedDataWritesBothSplitsAndPrintsTheOverlap() {
        Path dir = tmp.resolve("mnist");
        Path multi = tmp.resolve("multi");
        assertEquals(
                0,
                run("data", "fetch", "--dataset", "mnist", "--from", sample().toString(), "--dir", dir.toString()),
                err);
        assertEquals(
                0,
                run(
                        "data",
                        "multimnist",
                        "--source",
                        dir.toString(),
                        "--out",
                        multi.toString(),
                        "--pairs-per-digit",
                        "2"),
                err);
        assertTrue(out.contains("train: 16000 pairs from 8000 digits"), out);
        assertTrue(out.contains("t10k: 2000 pairs from 1000 digits"), out);
        assertTrue(out.contains("total: 18000 pairs"), out);
        for (String n : new String[] {
            "train-images-idx3-ubyte.gz",
            "train-labels-idx2-ubyte.gz",
            "train-sources-idx4-ubyte.gz",
            "t10k-images-idx3-ubyte.gz",
            "t10k-labels-idx2-ubyte.gz",
            "t10k-sources-idx4-ubyte.gz"
        }) {
            assertTrue(Files.isRegularFile(multi.resolve(n)), n);
        }
    }

    @Test
    void multimnistParquetIsWrittenOnTheGivenMaster() throws IOException {
        Path source = tmp.resolve("src");
        TestData.mnistSubset(source, 40, 20);
        Path multi = tmp.resolve("multi");
        assertEquals(
                0,
                runWithoutSparkUi(
                        "data",
                        "multimnist",
                        "--source",
                        source.toString(),
                        "--out",
                        multi.toString(),
                        "--pairs-per-digit",
                        "2",
                        "--format",
                        "parquet",
                        "--master",
                        "local[2]"),
                err);
        assertTrue(out.contains("train: 80 pairs from 40 digits"), out);
        assertTrue(out.contains("t10k: 40 pairs from 20 digits"), out);
        for (String split : new String[] {"train.parquet", "t10k.parquet"}) {
            assertTrue(Files.isRegularFile(multi.resolve(split).resolve("_SUCCESS")), split);
            assertEquals(2, partFiles(multi.resolve(split)), split + ": one file per task of local[2]");
        }
    }

    @Test
    void multimnistParquetRunsOnSparkSubmitsMasterRatherThanItsOwn() throws IOException {
        // spark-submit passes its master as the spark.master system property: it wins over --master (and over the
        // local[*] the command used to start by itself).
        Path source = tmp.resolve("src");
        TestData.mnistSubset(source, 30, 15);
        Path multi = tmp.resolve("multi");
        System.setProperty("spark.master", "local[3]");
        try {
            assertEquals(
                    0,
                    runWithoutSparkUi(
                            "data",
                            "multimnist",
                            "--source",
                            source.toString(),
                            "--out",
                            multi.toString(),
                            "--pairs-per-digit",
                            "1",
                            "--format",
                            "parquet",
                            "--master",
                            "local[1]"),
                    err);
        } finally {
            System.clearProperty("spark.master");
        }
        assertEquals(3, partFiles(multi.resolve("train.parquet")), "one file per task of local[3]");
    }

    @Test
    void multimnistRefusesAnOutThatWouldOverwriteTheSource() throws IOException {
        Path copy = copySample();
        byte[] images = Files.readAllBytes(copy.resolve("train-images-idx3-ubyte.gz"));
        Files.createSymbolicLink(tmp.resolve("link"), copy);
        for (String o : new String[] {
            copy.toString(), copy + "/", copy + "/../copy", tmp.resolve("link").toString()
        }) {
            assertEquals(
                    2, run("data", "multimnist", "--source", copy.toString(), "--out", o, "--pairs-per-digit", "1"), o);
            assertEquals(1, err.strip().lines().count(), err);
            assertTrue(
                    errorLine().contains("--out " + Path.of(o)) && errorLine().contains("--source " + copy), err);
        }
        // Parquet replaces OUT/train.parquet whole: a source inside it is refused before Spark starts.
        Path inside = tmp.resolve("pq").resolve("train.parquet");
        Files.createDirectories(inside.getParent());
        Files.move(copy, inside);
        assertEquals(
                2,
                run(
                        "data",
                        "multimnist",
                        "--source",
                        inside.toString(),
                        "--out",
                        tmp.resolve("pq").toString(),
                        "--format",
                        "parquet",
                        "--master",
                        "local[1]"));
        assertTrue(errorLine().contains("--source " + inside) && errorLine().contains("--out "), err);
        assertEquals(1, err.strip().lines().count(), err);
        assertArrayEquals(images, Files.readAllBytes(inside.resolve("train-images-idx3-ubyte.gz")));
        try (var files = Files.list(inside)) {
            assertEquals(4, files.count(), "nothing written into the source");
        }
    }

    @Test
    void truncatedIdxFileExitsTwoWithOneLineNamingIt() throws IOException {
        Path copy = copySample();
        Path images = copy.resolve("t10k-images-idx3-ubyte.gz");
        byte[] raw = gunzip(images);
        gzip(images, Arrays.copyOf(raw, raw.length - 500));
        assertEquals(
                2,
                run(
                        "data",
                        "fetch",
                        "--dataset",
                        "mnist",
                        "--from",
                        copy.toString(),
                        "--dir",
                        tmp.resolve("out").toString()));
        assertTrue(errorLine().contains(images.toString()) && errorLine().contains("truncated"), err);
        assertEquals(1, err.strip().lines().count(), err);
        assertTrue(Files.notExists(tmp.resolve("out")));
    }

    @Test
    void labelCountMismatchExitsTwoWithOneLineNamingBothFiles() throws IOException {
        Path copy = copySample();
        Path labels = copy.resolve("train-labels-idx1-ubyte.gz");
        byte[] raw = gunzip(labels);
        byte[] fewer = Arrays.copyOf(raw, raw.length - 10);
        fewer[7] = (byte) (fewer[7] - 10); // count 8000 -> 7990 (low byte 0x40 -> 0x36)
        gzip(labels, fewer);
        assertEquals(
                2,
                run(
                        "data",
                        "multimnist",
                        "--source",
                        copy.toString(),
                        "--out",
                        tmp.resolve("multi").toString(),
                        "--pairs-per-digit",
                        "1"));
        assertTrue(
                errorLine().contains(labels.toString())
                        && errorLine().contains("7990 records")
                        && errorLine().contains("train-images-idx3-ubyte.gz has 8000 images"),
                err);
        assertEquals(1, err.strip().lines().count(), err);
    }

    @Test
    void badOptionsExitTwoWithOneLine() {
        assertEquals(2, run("data", "fetch", "--dataset", "cifar", "--dir", tmp.toString()));
        assertTrue(err.contains("--dataset must be mnist or fashion-mnist"), err);
        assertEquals(
                2, run("data", "multimnist", "--source", tmp.resolve("nope").toString(), "--out", tmp.toString()));
        assertTrue(err.contains("nope: --source directory not found"), err);
        assertEquals(
                2,
                run("data", "multimnist", "--source", sample().toString(), "--out", tmp.toString(), "--format", "csv"));
        assertTrue(err.contains("--format must be idx or parquet"), err);
        assertEquals(
                2,
                run(
                        "data",
                        "multimnist",
                        "--source",
                        sample().toString(),
                        "--out",
                        tmp.toString(),
                        "--pairs-per-digit",
                        "0"));
        assertEquals(
                2,
                run(
                        "data",
                        "multimnist",
                        "--source",
                        sample().toString(),
                        "--out",
                        tmp.toString(),
                        "--format",
                        "parquet",
                        "--master",
                        "none"));
        assertTrue(err.contains("--master must be a Spark master for --format parquet"), err);
        assertEquals(2, run("data", "fetch", "--dir", tmp.toString()));
        assertTrue(err.contains("--dataset"), err);
        assertEquals(2, run("data"));
        assertEquals(1, err.strip().lines().count(), err);
    }

    @Test
    void everyDataVerbHasHelp() {
        assertEquals(0, run("data", "--help"));
        assertTrue(out.contains("fetch") && out.contains("multimnist"), out);
        assertEquals(0, run("data", "fetch", "--help"));
        assertTrue(out.contains("--from"), out);
        assertEquals(0, run("data", "multimnist", "--help"));
        assertTrue(out.contains("--pairs-per-digit") && out.contains("--format"), out);
    }

    private Path copySample() throws IOException {
        Path copy = tmp.resolve("copy");
        Files.createDirectories(copy);
        try (var files = Files.list(sample())) {
            for (Path f : files.toList()) {
                Files.copy(f, copy.resolve(f.getFileName().toString()));
            }
        }
        return copy;
    }

    private static byte[] gunzip(Path f) throws IOException {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(f))) {
            return in.readAllBytes();
        }
    }

    private static void gzip(Path f, byte[] content) throws IOException {
        Files.delete(f);
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(f))) {
            out.write(content);
        }
    }
}
