package org.capsnet.data;

import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.util.Arrays;
import org.capsnet.InvalidInputException;
import org.capsnet.io.StoragePath;

/**
 * The header of an IDX file: element type and dimensions (dimension 0 is the record count N).
 * Serialised as 0x00 0x00 type rank, then one big-endian int per dimension.
 */
public record IdxHeader(IdxType type, int[] dims) {
    public IdxHeader {
        if (dims.length < 1 || dims.length > 255) {
            throw new IllegalArgumentException("IDX rank must be 1..255, got " + dims.length);
        }
        for (int d : dims) {
            if (d < 0) {
                throw new IllegalArgumentException("negative IDX dimension in " + Arrays.toString(dims));
            }
        }
        dims = dims.clone();
    }

    /** Number of records (dimension 0). */
    public int count() {
        return dims[0];
    }

    /**
     * Number of elements in one record: the product of dimensions 1..rank-1 (1 for rank 1); Long.MAX_VALUE when the
     * product does not fit in a long (a corrupt header).
     */
    public long recordElements() {
        long n = 1;
        for (int i = 1; i < dims.length; i++) {
            n = saturatedProduct(n, dims[i]);
        }
        return n;
    }

    /** Bytes of one record; Long.MAX_VALUE when that does not fit in a long. */
    public long recordBytes() {
        return saturatedProduct(recordElements(), type.size());
    }

    /** Bytes of the whole payload after the header; Long.MAX_VALUE when that does not fit in a long. */
    public long payloadBytes() {
        return saturatedProduct(recordBytes(), dims[0]);
    }

    private static long saturatedProduct(long a, long b) {
        if (a == 0 || b == 0) {
            return 0;
        }
        long high = Math.multiplyHigh(a, b);
        long product = a * b;
        return high != 0 || product < 0 ? Long.MAX_VALUE : product;
    }

    // The checks of a data set's files, shared by what reads only the headers (ExampleSets, on the driver) and what
    // loads the files (DatasetLoader, DataFetcher, SourceDigits). Each returns this header or fails naming the file.

    /** This header of {@code file}, checked to have {@code rank} dimensions. */
    IdxHeader requireRank(StoragePath file, int rank) {
        if (dims.length != rank) {
            throw new InvalidInputException(
                    file + ": expected " + rank + (rank == 1 ? " dimension" : " dimensions") + ", header is " + this);
        }
        return this;
    }

    /** This header of {@code file}, checked to be unsigned-byte images of {@code rank} dimensions. */
    IdxHeader requireImages(StoragePath file, int rank) {
        requireRank(file, rank);
        if (type != IdxType.UBYTE) {
            throw new InvalidInputException(file + ": images must be unsigned bytes, header is " + this);
        }
        return this;
    }

    /** This header of {@code file}, checked to have as many records as {@code images} (of {@code imagesFile}). */
    IdxHeader requireCountOf(StoragePath file, IdxHeader images, StoragePath imagesFile) {
        if (images.count() != count()) {
            throw new InvalidInputException(
                    file + ": " + count() + " records but " + imagesFile + " has " + images.count() + " images");
        }
        return this;
    }

    /** This header of {@code file}, checked to be MultiMNIST labels: N x 2. */
    IdxHeader requirePairLabels(StoragePath file) {
        if (dims.length != 2 || dims[1] != 2) {
            throw new InvalidInputException(file + ": MultiMNIST labels must be N x 2, header is " + this);
        }
        return this;
    }

    /** This header of {@code file}, checked to be the sources of MultiMNIST {@code images}: N x 2 x height x width. */
    IdxHeader requireSourcesOf(StoragePath file, IdxHeader images) {
        if (dims[1] != 2 || dims[2] != images.dims[1] || dims[3] != images.dims[2]) {
            throw new InvalidInputException(file + ": sources must be N x 2 x " + images.dims[1] + " x "
                    + images.dims[2] + ", header is " + this);
        }
        return this;
    }

    /** Bytes of the header itself. */
    public int headerBytes() {
        return 4 + 4 * dims.length;
    }

    @Override
    public int[] dims() {
        return dims.clone();
    }

    void writeTo(OutputStream out) throws IOException {
        DataOutputStream data = new DataOutputStream(out);
        data.writeByte(0);
        data.writeByte(0);
        data.writeByte(type.code());
        data.writeByte(dims.length);
        for (int d : dims) {
            data.writeInt(d);
        }
        data.flush();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IdxHeader h && h.type == type && Arrays.equals(h.dims, dims);
    }

    @Override
    public int hashCode() {
        return 31 * type.hashCode() + Arrays.hashCode(dims);
    }

    @Override
    public String toString() {
        return type + Arrays.toString(dims);
    }
}
