package org.capsnet.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import org.capsnet.InvalidInputException;
import org.capsnet.TempDirs;

/**
 * {@link IdxReader} against random damage to a small valid file (6 x 5 x 4 elements of every IDX type, raw and
 * gzip): truncation, random bytes in the header and the payload, a wrong number of dimensions, a wrong dimension,
 * trailing bytes, and random bytes or truncation of the gzip stream itself. Every read either returns (when the
 * damage left a valid file: a changed payload byte, a gzip header field nobody checks) or fails with an
 * {@link InvalidInputException} whose one-line message starts with the file; never another exception, never more
 * than a few seconds (a hang, or gigabytes allocated for a header that declares them).
 */
class IdxReaderPropertyTest {
    private static final int[] DIMS = {6, 5, 4};
    private static final Duration LIMIT = Duration.ofSeconds(10);

    private static Path dir;

    @BeforeContainer
    static void createDirectory() throws IOException {
        dir = TempDirs.create("idx-property");
    }

    @AfterContainer
    static void deleteDirectory() throws IOException {
        TempDirs.deleteRecursively(dir);
    }

    /** A change to the bytes of a file. */
    interface Damage {
        byte[] apply(byte[] bytes);

        /** Whether the damaged uncompressed file can no longer be a valid IDX file. */
        boolean alwaysInvalid(byte[] original);
    }

    record Truncate(int keep) implements Damage {
        public byte[] apply(byte[] b) {
            return Arrays.copyOf(b, keep % b.length);
        }

        public boolean alwaysInvalid(byte[] original) {
            return true;
        }
    }

    /** Random bytes at positions within the first {@code span} bytes (the header is 16). */
    record Overwrite(List<Integer> positions, List<Byte> values, int span) implements Damage {
        public byte[] apply(byte[] b) {
            byte[] c = b.clone();
            for (int i = 0; i < positions.size(); i++) {
                c[positions.get(i) % Math.min(span, c.length)] = values.get(i);
            }
            return c;
        }

        public boolean alwaysInvalid(byte[] original) {
            return false;
        }
    }

    /** The rank byte set to another number of dimensions. */
    record Rank(int rank) implements Damage {
        public byte[] apply(byte[] b) {
            byte[] c = b.clone();
            c[3] = (byte) rank;
            return c;
        }

        public boolean alwaysInvalid(byte[] original) {
            return rank != DIMS.length;
        }
    }

    /** One dimension set to any int (negative, zero, huge). */
    record Dimension(int index, int value) implements Damage {
        public byte[] apply(byte[] b) {
            byte[] c = b.clone();
            ByteBuffer.wrap(c).putInt(4 + 4 * index, value);
            return c;
        }

        public boolean alwaysInvalid(byte[] original) {
            return value != DIMS[index];
        }
    }

    record Append(byte[] extra) implements Damage {
        public byte[] apply(byte[] b) {
            byte[] c = Arrays.copyOf(b, b.length + extra.length);
            System.arraycopy(extra, 0, c, b.length, extra.length);
            return c;
        }

        public boolean alwaysInvalid(byte[] original) {
            return true;
        }
    }

    @Provide
    Arbitrary<Damage> damage() {
        Arbitrary<Integer> anywhere = Arbitraries.integers().between(0, Integer.MAX_VALUE);
        return Arbitraries.oneOf(
                anywhere.map(Truncate::new),
                overwrite(16),
                overwrite(Integer.MAX_VALUE),
                Arbitraries.integers().between(0, 255).map(Rank::new),
                Combinators.combine(
                                Arbitraries.integers().between(0, DIMS.length - 1),
                                Arbitraries.oneOf(
                                        Arbitraries.integers(),
                                        Arbitraries.of(
                                                0, 1, -1, Integer.MAX_VALUE, Integer.MIN_VALUE, 1 << 16, 1 << 20)))
                        .as(Dimension::new),
                Arbitraries.bytes()
                        .array(byte[].class)
                        .ofMinSize(1)
                        .ofMaxSize(64)
                        .map(Append::new));
    }

    private static Arbitrary<Damage> overwrite(int span) {
        return Arbitraries.integers()
                .between(1, 6)
                .flatMap(n -> Combinators.combine(
                                Arbitraries.integers()
                                        .between(0, Integer.MAX_VALUE)
                                        .list()
                                        .ofSize(n),
                                Arbitraries.bytes().list().ofSize(n))
                        .as((p, v) -> new Overwrite(p, v, span)));
    }

    private static byte[] validFile(IdxType type) {
        IdxHeader header = new IdxHeader(type, DIMS);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            header.writeTo(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (long i = 0; i < header.payloadBytes(); i++) {
            out.write((int) (i * 37 + 11));
        }
        return out.toByteArray();
    }

    private static byte[] gzip(byte[] bytes) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** Reads {@code file}: the array, or null after a bad-input error that names the file on one line. */
    private static IdxArray readOrBadInput(Path file) {
        try {
            return assertTimeoutPreemptively(LIMIT, () -> IdxReader.read(file), "reading " + file + " hung");
        } catch (InvalidInputException e) {
            String m = e.getMessage();
            assertNotNull(m);
            assertTrue(m.startsWith(file + ": ") && m.length() > (file + ": ").length(), m);
            assertFalse(m.contains("\n") || m.contains("\r"), m);
            return null;
        }
    }

    @Property(tries = 2500)
    void damagedFilesReadOrFailAsOneLineBadInputNamingTheFile(
            @ForAll IdxType type, @ForAll boolean gzip, @ForAll("damage") Damage damage) throws IOException {
        byte[] original = validFile(type);
        byte[] damaged = damage.apply(original);
        Path file = dir.resolve(gzip ? "damaged.gz" : "damaged.idx");
        Files.write(file, gzip ? gzip(damaged) : damaged);
        IdxArray read = readOrBadInput(file);
        if (damage.alwaysInvalid(original)) {
            assertEquals(null, read, damage + " was read as " + (read == null ? null : read.header()));
        }
    }

    @Property(tries = 1500)
    void damagedGzipStreamsReadTheOriginalOrFailAsOneLineBadInput(@ForAll IdxType type, @ForAll("damage") Damage damage)
            throws IOException {
        byte[] original = validFile(type);
        byte[] compressed = gzip(original);
        byte[] damaged = damage.apply(compressed);
        Path file = dir.resolve("stream.gz");
        Files.write(file, damaged);
        IdxArray read = readOrBadInput(file);
        if (read != null) {
            // the CRC-32 and length in the gzip trailer let nothing else through
            ByteArrayOutputStream whole = new ByteArrayOutputStream();
            read.header().writeTo(whole);
            whole.write(read.payload());
            assertArrayEquals(original, whole.toByteArray(), damage.toString());
        }
    }
}
