package org.capsnet.data;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.capsnet.InvalidInputException;
import org.capsnet.io.StoragePath;

/**
 * Loads one split of a data set directory into memory: standard MNIST / Fashion-MNIST IDX files (see
 * {@link SplitFiles}), or the MultiMNIST split written by {@link MultiMnistGenerator} (detected by its N x 2 labels
 * file). Validates image count == label count, labels in 0..9, and the file shapes; errors are
 * {@link InvalidInputException}s naming the file(s).
 */
public final class DatasetLoader {
    private DatasetLoader() {}

    /** {@link #load(StoragePath, Split)} of a local directory. */
    public static LabelledImages load(Path dir, Split split) {
        return load(StoragePath.local(dir), split);
    }

    /**
     * Loads {@code split} from {@code dir} (a local path or a Hadoop URI): images float [N, H*W] in [0, 1], labels,
     * SHA-256 of the files read. A MultiMNIST Parquet data set ({@link ParquetExamples}) is read when there is one.
     */
    public static LabelledImages load(StoragePath dir, Split split) {
        if (dir.isDirectory() && ParquetExamples.isPresent(dir, split)) {
            ParquetExamples parquet = ParquetExamples.describe(dir, split);
            return parquet.load().readAll(parquet.sha256());
        }
        StoredExamples stored = loadStored(dir, split);
        return stored.readAll(hashes(dir, split));
    }

    /** The split as the bytes of its files, for readers that convert rows on demand ({@link IdxExamples}). */
    static StoredExamples loadStored(StoragePath dir, Split split) {
        if (!dir.isDirectory()) {
            throw new InvalidInputException(dir + ": data directory not found");
        }
        return SplitFiles.isMultiDigit(dir, split) ? loadMulti(dir, split) : loadSingle(dir, split);
    }

    /** SHA-256 of the files of the split, keyed by file name. */
    static Map<String, String> hashes(StoragePath dir, Split split) {
        boolean multi = SplitFiles.isMultiDigit(dir, split);
        StoragePath images = SplitFiles.require(dir, split, "images", 3);
        StoragePath labels = SplitFiles.require(dir, split, "labels", multi ? 2 : 1);
        return multi ? hashes(images, labels, SplitFiles.require(dir, split, "sources", 4)) : hashes(images, labels);
    }

    private static StoredExamples loadSingle(StoragePath dir, Split split) {
        StoragePath imagesFile = SplitFiles.require(dir, split, "images", 3);
        StoragePath labelsFile = SplitFiles.require(dir, split, "labels", 1);
        IdxArray images = readImages(imagesFile, 3);
        IdxArray labels = IdxReader.read(labelsFile);
        labels.header().requireRank(labelsFile, 1).requireCountOf(labelsFile, images.header(), imagesFile);
        int[] flat = checkLabels(labelsFile, labels);
        int[][] rows = new int[flat.length][];
        for (int i = 0; i < flat.length; i++) {
            rows[i] = new int[] {flat[i]};
        }
        int[] d = images.header().dims();
        return new StoredExamples(images.payload(), rows, null, d[1], d[2]);
    }

    private static StoredExamples loadMulti(StoragePath dir, Split split) {
        StoragePath imagesFile = SplitFiles.require(dir, split, "images", 3);
        StoragePath labelsFile = SplitFiles.require(dir, split, "labels", 2);
        StoragePath sourcesFile = SplitFiles.require(dir, split, "sources", 4);
        IdxArray images = readImages(imagesFile, 3);
        IdxArray labels = IdxReader.read(labelsFile);
        labels.header().requireRank(labelsFile, 2).requirePairLabels(labelsFile);
        IdxArray sources = readImages(sourcesFile, 4);
        labels.header().requireCountOf(labelsFile, images.header(), imagesFile);
        sources.header()
                .requireCountOf(sourcesFile, images.header(), imagesFile)
                .requireSourcesOf(sourcesFile, images.header());
        int[] d = images.header().dims();
        int[] flat = checkLabels(labelsFile, labels);
        int[][] rows = new int[flat.length / 2][];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = new int[] {flat[2 * i], flat[2 * i + 1]};
        }
        return new StoredExamples(images.payload(), rows, sources.payload(), d[1], d[2]);
    }

    private static IdxArray readImages(StoragePath file, int rank) {
        IdxArray a = IdxReader.read(file);
        a.header().requireImages(file, rank);
        return a;
    }

    static int[] checkLabels(StoragePath file, IdxArray labels) {
        int[] flat = labels.toInts();
        for (int i = 0; i < flat.length; i++) {
            if (flat[i] < 0 || flat[i] >= LabelledImages.CLASSES) {
                throw new InvalidInputException(file + ": label " + flat[i] + " at element " + i + " is outside 0..9");
            }
        }
        return flat;
    }

    private static Map<String, String> hashes(StoragePath... files) {
        Map<String, String> m = new LinkedHashMap<>();
        for (StoragePath f : files) {
            m.put(f.fileName(), Sha256.of(f));
        }
        return m;
    }
}
