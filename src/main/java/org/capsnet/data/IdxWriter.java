package org.capsnet.data;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.capsnet.io.AtomicOutput;
import org.capsnet.io.StoragePath;

/**
 * Streaming IDX writer: the header (with the record count N known in advance) is written on open, then records one
 * by one; {@link #close()} checks that exactly N records were written and only then puts the file under its name
 * (atomically, through {@link StoragePath#openAtomically()}); otherwise the previous file stays. Gzip-compressed
 * when the file name ends in {@code .gz}. Output is byte-identical for identical input (the gzip header carries no
 * time stamp).
 */
public final class IdxWriter implements AutoCloseable {
    private final StoragePath file;
    private final IdxHeader header;
    private final AtomicOutput target;
    private final OutputStream out;
    private long written;
    private boolean closed;

    public IdxWriter(Path file, IdxHeader header) {
        this(StoragePath.local(file), header);
    }

    public IdxWriter(StoragePath file, IdxHeader header) {
        this.file = file;
        this.header = header;
        this.target = file.openAtomically();
        try {
            OutputStream raw = target.stream();
            this.out = file.fileName().endsWith(".gz")
                    ? new BufferedOutputStream(new GZIPOutputStream(raw, 1 << 16), 1 << 16)
                    : new BufferedOutputStream(raw, 1 << 16);
            header.writeTo(out);
        } catch (IOException e) {
            target.close();
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
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
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
        written++;
    }

    /** Records written so far. */
    public long written() {
        return written;
    }

    /**
     * Finishes the file and puts it under its name if exactly the declared N records were written; otherwise
     * discards it and throws IllegalStateException.
     */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try (AtomicOutput t = target) {
            if (written != header.count()) {
                throw new IllegalStateException(
                        file + ": " + written + " records written, header declares " + header.count());
            }
            try {
                out.close();
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
            }
            t.commit();
        }
    }

    /** Writes a whole in-memory array to a local file. */
    public static void write(Path file, IdxArray array) {
        write(StoragePath.local(file), array);
    }

    /** Writes a whole in-memory array. */
    public static void write(StoragePath file, IdxArray array) {
        try (IdxWriter w = new IdxWriter(file, array.header())) {
            int rb = Math.toIntExact(array.header().recordBytes());
            for (int i = 0; i < array.count(); i++) {
                w.writeRecord(array.payload(), i * rb);
            }
        }
    }
}
