package org.capsnet.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.capsnet.io.StoragePath;

/** Test data for every package: the shared sample data, subsets of it, and tiny synthetic IDX files. */
public final class TestData {
    private TestData() {}

    /** ../shared/data (system property capsnet.sharedData set by Surefire). */
    public static Path shared() {
        return Path.of(System.getProperty("capsnet.sharedData", "../shared/data"))
                .toAbsolutePath()
                .normalize();
    }

    public static Path mnistSample() {
        return shared().resolve("mnist-sample");
    }

    /** The full MNIST: the official IDX bytes recompressed, so only the decompressed SHA-256s are the official ones. */
    public static Path mnist() {
        return shared().resolve("mnist");
    }

    /** Writes the decompressed content of the gzip file {@code gz} to {@code target}; returns target. */
    public static Path gunzip(Path gz, Path target) {
        try (InputStream in = new GZIPInputStream(Files.newInputStream(gz), 1 << 16)) {
            Files.createDirectories(target.toAbsolutePath().getParent());
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
            return target;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Writes ubyte images [n, h, w] with pixel value (i + y + x) % 256 and labels i % 10 into dir, gzip. */
    public static void writeTinySplit(Path dir, Split split, int n, int h, int w) {
        byte[] px = new byte[n * h * w];
        for (int i = 0; i < n; i++) {
            for (int p = 0; p < h * w; p++) {
                px[i * h * w + p] = (byte) ((i + p / w + p % w) % 256);
            }
        }
        byte[] labels = new byte[n];
        for (int i = 0; i < n; i++) {
            labels[i] = (byte) (i % 10);
        }
        IdxWriter.write(
                dir.resolve(SplitFiles.name(split, "images", 3)),
                new IdxArray(new IdxHeader(IdxType.UBYTE, new int[] {n, h, w}), px));
        IdxWriter.write(
                dir.resolve(SplitFiles.name(split, "labels", 1)),
                new IdxArray(new IdxHeader(IdxType.UBYTE, new int[] {n}), labels));
    }

    /** Copies the first {@code nTrain} / {@code nTest} digits of the MNIST sample into dir as a standard data set. */
    public static void mnistSubset(Path dir, int nTrain, int nTest) {
        mnistSubset(StoragePath.local(dir), nTrain, nTest);
    }

    /** {@link #mnistSubset(Path, int, int)} into a local directory or a Hadoop URI. */
    public static void mnistSubset(StoragePath dir, int nTrain, int nTest) {
        dir.createDirectories();
        for (Split split : Split.values()) {
            int n = split == Split.TRAIN ? nTrain : nTest;
            for (String[] kind : new String[][] {{"images", "3"}, {"labels", "1"}}) {
                String name = SplitFiles.name(split, kind[0], Integer.parseInt(kind[1]));
                IdxArray a = IdxReader.read(mnistSample().resolve(name));
                int[] dims = a.header().dims();
                dims[0] = n;
                IdxHeader h = new IdxHeader(a.header().type(), dims);
                IdxWriter.write(dir.resolve(name), new IdxArray(h, java.util.Arrays.copyOf(a.payload(), (int)
                        h.payloadBytes())));
            }
        }
    }

    /**
     * A tiny MultiMNIST data set in {@code dir} (IDX, 36x36, with sources), {@code pairsPerDigit} pairs per digit of
     * the first {@code nTrain} / {@code nTest} sample digits; the subset itself goes to {@code dir}-source.
     */
    public static Path multiMnist(Path dir, int nTrain, int nTest, int pairsPerDigit) {
        Path source = dir.resolveSibling(dir.getFileName() + "-source");
        mnistSubset(source, nTrain, nTest);
        MultiMnistGenerator.generate(
                source, dir, new MultiMnistConfig(pairsPerDigit, 4, 4, 1, MultiMnistConfig.Format.IDX));
        return dir;
    }

    /**
     * Cuts the training images of {@code dir} (as {@link #mnistSubset} writes them) to their first {@code keep}
     * images while the header still declares them all: the header is intact, so only a full read finds the file
     * bad. Returns the file.
     */
    public static Path truncateTrainImages(Path dir, int keep) {
        Path file = dir.resolve(SplitFiles.name(Split.TRAIN, "images", 3));
        IdxHeader header = IdxReader.readHeader(file);
        long headerBytes = 4 + 4L * header.dims().length;
        try (InputStream in = new GZIPInputStream(Files.newInputStream(file))) {
            byte[] all = in.readAllBytes();
            gzip(file, java.util.Arrays.copyOf(all, Math.toIntExact(headerBytes + keep * header.recordBytes())));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return file;
    }

    static void gzip(Path file, byte[] content) throws IOException {
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(file))) {
            out.write(content);
        }
    }
}
