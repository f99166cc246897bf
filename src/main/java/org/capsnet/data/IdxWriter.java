package org.capsnet.data;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/**
 * Streaming IDX writer: the header (with the record count N known in advance) is written on open, then records one
 * by one; {@link #close()} checks that exactly N records were written. Gzip-compressed when the file name ends in
 * {@code .gz}. Output is byte-identical for identical input (the gzip header carries no time stamp).
 */
public final class IdxWriter implements AutoCloseable {
    private final Path file;
    private final IdxHeader header;
    private final OutputStream out;
    private long written;

    public IdxWriter(Path file, IdxHeader header) {
        this(file, header, file.getFileName().toString().endsWith(".gz"));
    }

    /** Writes to {@code file}, gzip-compressed if {@code gzip} whatever the name (e.g. a temporary name). */
    public IdxWriter(Path file, IdxHeader header, boolean gzip) {
        this.file = file;
        this.header = header;
        try {
            OutputStream raw = Files.newOutputStream(file);
            this.out = gzip
                    ? new BufferedOutputStream(new GZIPOutputStream(raw, 1 << 16), 1 << 16)
                    : new BufferedOutputStream(raw, 1 << 16);
            header.writeTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /** Writes one record given as its raw big-endian bytes (length = header.recordBytes()). */
    public void writeRecord(byte[] record) {
        writeRecord(record, 0);
    }

    /** Writes one record taken from {@code buf} starting at {@code offset}. */
    public void writeRecord(byte[] buf, int offset) {
        if (written >= header.count()) {
            throw new IllegalStateException(file + ": more than the " + header.count() + " records declared");
        }
        try {
            out.write(buf, offset, Math.toIntExact(header.recordBytes()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        written++;
    }

    /** Records written so far. */
    public long written() {
        return written;
    }

    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
        if (written != header.count()) {
            throw new IllegalStateException(file + ": " + written + " records written, header declares "
                    + header.count());
        }
    }

    /** Writes a whole in-memory array. */
    public static void write(Path file, IdxArray array) {
        try (IdxWriter w = new IdxWriter(file, array.header())) {
            int rb = Math.toIntExact(array.header().recordBytes());
            for (int i = 0; i < array.count(); i++) {
                w.writeRecord(array.payload(), i * rb);
            }
        }
    }
}
