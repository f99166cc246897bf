package org.capsnet.data;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.parquet.example.data.Group;
import org.apache.parquet.io.api.Binary;
import org.capsnet.InvalidInputException;
import org.capsnet.io.StoragePath;

/**
 * The MultiMNIST of one split written as Parquet by {@code data multimnist --format parquet}: the part files of
 * {@code dir/train.parquet} or {@code dir/t10k.parquet} ({@link MultiMnistParquet}), named in {@code parts} in the
 * order Spark wrote them, so that example id p is the p-th row of the part files in that order: the same example as
 * id p of the IDX output for the same seed. Made on the driver by {@link ExampleSets#of} from the files' footers and
 * the image of one row; an executor reads every part file, once, into bytes when it first needs an example.
 * <p>
 * Images are square: height and width are the square root of the image column's length (the generator pads
 * MNIST's square digits to a square canvas; the schema does not record the sides).
 */
public record ParquetExamples(StoragePath dir, Split split, List<String> parts, long size, int height, int width)
        implements ExampleSet {
    /** The most bytes one array of a reader may hold (the sources: 2 x H x W per example). */
    private static final long MAX_ARRAY_BYTES = Integer.MAX_VALUE - 8;

    public ParquetExamples {
        parts = List.copyOf(parts);
    }

    /** Whether {@code dir} holds the Parquet data set of {@code split}. */
    static boolean isPresent(StoragePath dir, Split split) {
        return dir.resolve(MultiMnistParquet.directoryName(split)).isDirectory();
    }

    /** Describes the data set of {@code split} in {@code dir} from its footers and the image of its first row. */
    static ParquetExamples describe(StoragePath dir, Split split) {
        StoragePath dataSet = dir.resolve(MultiMnistParquet.directoryName(split));
        List<String> names = new ArrayList<>();
        long size = 0;
        StoragePath firstNonEmpty = null;
        for (StoragePath part : ParquetParts.list(dataSet)) {
            long rows = ParquetParts.rowCount(part);
            names.add(part.fileName());
            size += rows;
            if (firstNonEmpty == null && rows > 0) {
                firstNonEmpty = part;
            }
        }
        if (firstNonEmpty == null) {
            throw new InvalidInputException(dataSet + ": holds no examples (" + names.size() + " part files)");
        }
        int area = ParquetParts.firstImageLength(firstNonEmpty);
        int side = (int) Math.round(Math.sqrt(area));
        if (area == 0 || side * side != area) {
            throw new InvalidInputException(firstNonEmpty + ": an image of " + area + " bytes is not a square image");
        }
        if (size > MAX_ARRAY_BYTES / (2L * area)) {
            throw new InvalidInputException(dataSet + ": " + size + " examples of " + side + "x" + side
                    + " are more than an executor holds in memory (at most " + MAX_ARRAY_BYTES / (2L * area) + ")");
        }
        return new ParquetExamples(dir, split, names, size, side, side);
    }

    @Override
    public int digitsPerImage() {
        return 2;
    }

    /**
     * SHA-256 of every part file's bytes (not of the footers alone, which hold no checksum of the data), keyed by
     * {@code t10k.parquet/part-...}: streams the whole data set, as {@link IdxExamples} streams its files.
     */
    @Override
    public Map<String, String> sha256() {
        Map<String, String> hashes = new LinkedHashMap<>();
        for (String name : parts) {
            hashes.put(
                    MultiMnistParquet.directoryName(split) + "/" + name,
                    Sha256.of(dataSet().resolve(name)));
        }
        return hashes;
    }

    @Override
    public ExampleReader open() {
        return load();
    }

    /** Every row of the part files, in order, as bytes. */
    StoredExamples load() {
        Rows rows = new Rows(this);
        for (String name : parts) {
            StoragePath part = dataSet().resolve(name);
            ParquetParts.forEachRow(part, row -> rows.add(part, row));
        }
        return rows.finish();
    }

    private StoragePath dataSet() {
        return dir.resolve(MultiMnistParquet.directoryName(split));
    }

    /** Copies rows into the arrays of a {@link StoredExamples}, checking each against the description. */
    private static final class Rows {
        private final ParquetExamples set;
        private final int area;
        private final byte[] pixels;
        private final byte[] sources;
        private final int[][] labels;
        private int next;

        Rows(ParquetExamples set) {
            this.set = set;
            this.area = set.height * set.width;
            int n = Math.toIntExact(set.size);
            this.pixels = new byte[n * area];
            this.sources = new byte[n * 2 * area];
            this.labels = new int[n][];
        }

        void add(StoragePath part, Group row) {
            if (next == labels.length) {
                throw changed("more");
            }
            int label1 = label(part, row, "label1");
            int label2 = label(part, row, "label2");
            copy(part, row, "image", pixels, (long) next * area);
            copy(part, row, "source1", sources, (long) next * 2 * area);
            copy(part, row, "source2", sources, ((long) next * 2 + 1) * area);
            labels[next++] = new int[] {label1, label2};
        }

        StoredExamples finish() {
            if (next != labels.length) {
                throw changed(String.valueOf(next));
            }
            return new StoredExamples(pixels, labels, sources, set.height, set.width);
        }

        private int label(StoragePath part, Group row, String column) {
            int label = row.getInteger(column, 0);
            if (label < 0 || label >= LabelledImages.CLASSES) {
                throw new InvalidInputException(
                        part + ": " + column + " " + label + " of example " + next + " is outside 0..9");
            }
            return label;
        }

        private void copy(StoragePath part, Group row, String column, byte[] to, long at) {
            Binary value = row.getBinary(column, 0);
            if (value.length() != area) {
                throw new InvalidInputException(part + ": " + column + " of example " + next + " has " + value.length()
                        + " bytes, expected " + set.height + "x" + set.width);
            }
            System.arraycopy(value.getBytesUnsafe(), 0, to, Math.toIntExact(at), area);
        }

        private InvalidInputException changed(String rowsNow) {
            return new InvalidInputException(set.dataSet() + ": the part files changed while training (" + rowsNow
                    + " examples, " + set.size + " when the run started)");
        }
    }
}
