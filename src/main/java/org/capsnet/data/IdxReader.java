package org.capsnet.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.capsnet.InvalidInputException;
import org.capsnet.io.StoragePath;

/**
 * Reads IDX files (raw or gzip, detected by the gzip magic bytes) of any rank and element type, validating the magic
 * number, the rank, and that the payload length is exactly what the dimensions declare. Every problem is an
 * {@link InvalidInputException} whose one-line message starts with the file name. Files are read through
 * {@link StoragePath}, so a Hadoop FileSystem URI works as well as a local path.
 */
public final class IdxReader {
    /**
     * The most dimensions a file may declare. The format allows 255, but real IDX files have 1 to 4 (MNIST images 3,
     * the MultiMNIST sources 4); a larger rank in the fourth byte means the file is not IDX at all, and reading on
     * would take the data for dimensions and report a nonsense "negative dimension".
     */
    static final int MAX_RANK = 8;

    private IdxReader() {}

    /** Reads and validates a whole local file. */
    public static IdxArray read(Path file) {
        return read(StoragePath.local(file));
    }

    /** Reads and validates the whole file. */
    public static IdxArray read(StoragePath file) {
        try (InputStream in = open(file)) {
            IdxHeader header = readHeader(file, in);
            long need = header.payloadBytes();
            if (need > Integer.MAX_VALUE - 16) {
                throw bad(
                        file,
                        "payload of " + (need == Long.MAX_VALUE ? "more than 2^63" : need) + " bytes (" + header
                                + ") is too large to load in memory");
            }
            byte[] payload = readUpTo(in, (int) need);
            if (payload.length < need) {
                throw bad(
                        file,
                        "truncated: header " + header + " declares " + need + " data bytes but only " + payload.length
                                + " are present");
            }
            long extra = countRemaining(in);
            if (extra > 0) {
                throw bad(file, extra + " bytes of trailing data after the " + need + " declared by header " + header);
            }
            return new IdxArray(header, payload);
        } catch (IOException e) {
            throw readError(file, e);
        }
    }

    /**
     * Up to {@code need} bytes of {@code in}: the array grows with what is read (from 1 MiB, doubling), so a
     * corrupt header that declares gigabytes costs memory only for the bytes the file really has.
     */
    private static byte[] readUpTo(InputStream in, int need) throws IOException {
        byte[] buf = new byte[Math.min(need, 1 << 20)];
        int got = 0;
        while (true) {
            got += in.readNBytes(buf, got, buf.length - got);
            if (got < buf.length || buf.length == need) {
                return got == buf.length ? buf : Arrays.copyOf(buf, got);
            }
            buf = Arrays.copyOf(buf, (int) Math.min(need, 2L * buf.length));
        }
    }

    /** Reads only the header of a local file (the payload is not checked). */
    public static IdxHeader readHeader(Path file) {
        return readHeader(StoragePath.local(file));
    }

    /** Reads only the header (the payload is not checked). */
    public static IdxHeader readHeader(StoragePath file) {
        try (InputStream in = open(file)) {
            return readHeader(file, in);
        } catch (IOException e) {
            throw readError(file, e);
        }
    }

    /** The one-line bad-input error for an I/O failure while reading {@code file}. */
    static RuntimeException readError(StoragePath file, IOException e) {
        if (e instanceof EOFException) {
            return bad(file, "truncated gzip stream (" + e.getMessage() + ")");
        }
        if (e instanceof ZipException) {
            return bad(file, "corrupt gzip data (" + e.getMessage() + ")");
        }
        return bad(file, "cannot read (" + e.getMessage() + ")");
    }

    /** Opens the file, decompressing it if it starts with the gzip magic bytes 0x1f 0x8b. */
    static InputStream open(StoragePath file) throws IOException {
        if (!file.isFile()) {
            throw bad(
                    file,
                    file.isDirectory()
                            ? "is a directory, not a file"
                            : file.exists() ? "not a regular file" : "file not found");
        }
        BufferedInputStream in = new BufferedInputStream(file.openInput(), 1 << 16);
        in.mark(2);
        int b0 = in.read();
        int b1 = in.read();
        in.reset();
        if (b0 == 0x1f && b1 == 0x8b) {
            return new BufferedInputStream(new GZIPInputStream(in, 1 << 16), 1 << 16);
        }
        return in;
    }

    /** True if the file starts with the gzip magic bytes 0x1f 0x8b. */
    static boolean isGzip(StoragePath file) {
        try (InputStream in = file.openInput()) {
            return in.read() == 0x1f && in.read() == 0x8b;
        } catch (IOException e) {
            throw readError(file, e);
        }
    }

    static IdxHeader readHeader(StoragePath file, InputStream in) throws IOException {
        byte[] magic = in.readNBytes(4);
        if (magic.length < 4) {
            throw bad(file, "truncated: only " + magic.length + " bytes, shorter than the 4-byte IDX magic number");
        }
        if (magic[0] != 0 || magic[1] != 0) {
            throw bad(
                    file,
                    String.format(
                            "not an IDX file: magic number 0x%02x%02x%02x%02x does not start with 0x0000",
                            magic[0], magic[1], magic[2], magic[3]));
        }
        IdxType type = IdxType.ofCode(magic[2] & 0xFF);
        if (type == null) {
            throw bad(file, String.format("unknown IDX element type 0x%02x in the magic number", magic[2] & 0xFF));
        }
        int rank = magic[3] & 0xFF;
        if (rank == 0) {
            throw bad(file, "IDX magic number declares 0 dimensions");
        }
        if (rank > MAX_RANK) {
            throw bad(
                    file,
                    String.format(
                            "not an IDX file: magic number 0x%02x%02x%02x%02x is not an IDX magic "
                                    + "number (its last byte declares %d dimensions; IDX files have 1 to %d)",
                            magic[0], magic[1], magic[2], magic[3], rank, MAX_RANK));
        }
        DataInputStream data = new DataInputStream(in);
        int[] dims = new int[rank];
        for (int i = 0; i < rank; i++) {
            try {
                dims[i] = data.readInt();
            } catch (EOFException e) {
                throw bad(file, "truncated: header declares " + rank + " dimensions but ends after " + i);
            }
            if (dims[i] < 0) {
                throw bad(file, "dimension " + i + " is negative (" + dims[i] + ")");
            }
        }
        return new IdxHeader(type, dims);
    }

    private static long countRemaining(InputStream in) throws IOException {
        long n = 0;
        byte[] buf = new byte[8192];
        int r;
        while ((r = in.read(buf)) > 0) {
            n += r;
        }
        return n;
    }

    static InvalidInputException bad(StoragePath file, String problem) {
        return new InvalidInputException(file + ": " + problem);
    }
}
