package org.capsnet.data;

import org.capsnet.InvalidInputException;
import org.capsnet.io.StoragePath;

/**
 * File names of one split in a data set directory. Standard MNIST: {@code P-images-idx3-ubyte[.gz]} and
 * {@code P-labels-idx1-ubyte[.gz]}; MultiMNIST adds {@code P-labels-idx2-ubyte[.gz]} (N x 2) and
 * {@code P-sources-idx4-ubyte[.gz]} (N x 2 x H x W), with P = {@code train} or {@code t10k}.
 * The gzip name is preferred when both exist.
 */
public final class SplitFiles {
    private SplitFiles() {}

    /** Standard name (gzip) of a file kind, e.g. {@code name(TRAIN, "images", 3)} = train-images-idx3-ubyte.gz. */
    public static String name(Split split, String kind, int rank) {
        return split.prefix() + "-" + kind + "-idx" + rank + "-ubyte.gz";
    }

    /** The existing file (gzip or raw name) or null. */
    public static StoragePath find(StoragePath dir, Split split, String kind, int rank) {
        StoragePath gz = dir.resolve(name(split, kind, rank));
        if (gz.isFile()) {
            return gz;
        }
        StoragePath raw = dir.resolve(stripGz(name(split, kind, rank)));
        return raw.isFile() ? raw : null;
    }

    /** The existing file or an InvalidInputException naming the expected file. */
    public static StoragePath require(StoragePath dir, Split split, String kind, int rank) {
        StoragePath p = find(dir, split, kind, rank);
        if (p == null) {
            for (String name : new String[] {name(split, kind, rank), stripGz(name(split, kind, rank))}) {
                if (dir.resolve(name).isDirectory()) {
                    throw new InvalidInputException(dir.resolve(name) + ": is a directory, not an IDX file");
                }
            }
            throw new InvalidInputException(
                    dir.resolve(name(split, kind, rank)) + ": file not found (nor its un-gzipped name)");
        }
        return p;
    }

    /** True if the split in {@code dir} is MultiMNIST (has an N x 2 labels file). */
    public static boolean isMultiDigit(StoragePath dir, Split split) {
        return find(dir, split, "labels", 2) != null;
    }

    static String stripGz(String name) {
        return name.endsWith(".gz") ? name.substring(0, name.length() - 3) : name;
    }
}
