package org.capsnet.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.capsnet.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxReaderTest {
    @TempDir
    Path tmp;

    @Test
    void everyElementTypeRoundTripsThroughGzipAndRaw() {
        for (IdxType type : IdxType.values()) {
            for (String name : new String[] {"a.idx", "a.idx.gz"}) {
                IdxHeader h = new IdxHeader(type, new int[] {3, 2, 2});
                byte[] payload = new byte[(int) h.payloadBytes()];
                for (int i = 0; i < payload.length; i++) {
                    payload[i] = (byte) (i * 7 + 1);
                }
                Path f = tmp.resolve(type + name);
                IdxWriter.write(f, new IdxArray(h, payload));
                IdxArray back = IdxReader.read(f);
                assertEquals(h, back.header());
                assertArrayEquals(payload, back.payload());
            }
        }
    }

    @Test
    void typedValuesAreDecodedBigEndian() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream d = new DataOutputStream(bytes);
        d.writeFloat(1.5f);
        d.writeFloat(-2f);
        IdxWriter.write(
                tmp.resolve("f.gz"), new IdxArray(new IdxHeader(IdxType.FLOAT, new int[] {2}), bytes.toByteArray()));
        IdxArray a = IdxReader.read(tmp.resolve("f.gz"));
        assertEquals(1.5, a.get(0));
        assertEquals(-2.0, a.get(1));
    }

    @Test
    void rankFourHeaderIsRead() {
        IdxHeader h = new IdxHeader(IdxType.UBYTE, new int[] {2, 2, 3, 3});
        IdxWriter.write(tmp.resolve("r4"), new IdxArray(h, new byte[36]));
        assertArrayEquals(
                new int[] {2, 2, 3, 3}, IdxReader.readHeader(tmp.resolve("r4")).dims());
    }

    @Test
    void gzipIsDetectedByMagicBytesWithoutGzSuffix() throws IOException {
        Path f = tmp.resolve("nosuffix");
        TestData.gzip(f, new byte[] {0, 0, 8, 1, 0, 0, 0, 2, 5, 6});
        assertArrayEquals(new byte[] {5, 6}, IdxReader.read(f).payload());
    }

    @Test
    void truncatedPayloadNamesFileAndSaysTruncated() throws IOException {
        Path f = tmp.resolve("t.gz");
        TestData.gzip(f, new byte[] {0, 0, 8, 2, 0, 0, 0, 3, 0, 0, 0, 2, 1, 2, 3});
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> IdxReader.read(f));
        assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
        assertEquals(1, e.getMessage().lines().count());
    }

    @Test
    void truncatedGzipStreamIsReportedAsTruncated() throws IOException {
        Path full = tmp.resolve("full.gz");
        IdxWriter.write(full, new IdxArray(new IdxHeader(IdxType.UBYTE, new int[] {1000}), new byte[1000]));
        byte[] bytes = Files.readAllBytes(full);
        Path cut = tmp.resolve("cut.gz");
        Files.write(cut, Arrays.copyOf(bytes, bytes.length - 12));
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> IdxReader.read(cut));
        assertTrue(e.getMessage().startsWith(cut.toString()) && e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void trailingGarbageIsRejected() throws IOException {
        Path f = tmp.resolve("g");
        Files.write(f, new byte[] {0, 0, 8, 1, 0, 0, 0, 1, 9, 9, 9});
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> IdxReader.read(f));
        assertTrue(e.getMessage().contains("2 bytes of trailing data"), e.getMessage());
    }

    @Test
    void badMagicAndUnknownTypeAndZeroRankAreRejected() throws IOException {
        Path a = tmp.resolve("a");
        Files.write(a, new byte[] {1, 0, 8, 1, 0, 0, 0, 0});
        assertTrue(assertThrows(InvalidInputException.class, () -> IdxReader.read(a))
                .getMessage()
                .contains("not an IDX file"));
        Path b = tmp.resolve("b");
        Files.write(b, new byte[] {0, 0, 7, 1, 0, 0, 0, 0});
        assertTrue(assertThrows(InvalidInputException.class, () -> IdxReader.read(b))
                .getMessage()
                .contains("unknown IDX element type"));
        Path c = tmp.resolve("c");
        Files.write(c, new byte[] {0, 0, 8, 0});
        assertTrue(assertThrows(InvalidInputException.class, () -> IdxReader.read(c))
                .getMessage()
                .contains("0 dimensions"));
    }

    @Test
    void aMagicNumberWithAnImpossibleRankIsNotAnIdxMagicRatherThanANegativeDimension() throws IOException {
        Path f = tmp.resolve("x.idx");
        byte[] bytes = new byte[1024];
        Arrays.fill(bytes, (byte) 0xA5); // what follows the magic: anything (here dimensions would read negative)
        bytes[0] = 0;
        bytes[1] = 0;
        bytes[2] = 0x09;
        bytes[3] = (byte) 0x99;
        Files.write(f, bytes);
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> IdxReader.read(f));
        assertEquals(
                f + ": not an IDX file: magic number 0x00000999 is not an IDX magic number (its last byte "
                        + "declares 153 dimensions; IDX files have 1 to 8)",
                e.getMessage());
    }

    @Test
    void aDirectoryIsNotAFileNotFound() throws IOException {
        Path d = Files.createDirectories(tmp.resolve("train-images-idx3-ubyte.gz"));
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> IdxReader.read(d));
        assertEquals(d + ": is a directory, not a file", e.getMessage());
        InvalidInputException viaSplit =
                assertThrows(InvalidInputException.class, () -> DatasetLoader.load(tmp, Split.TRAIN));
        assertEquals(d + ": is a directory, not an IDX file", viaSplit.getMessage());
    }

    @Test
    void aHeaderDeclaringGigabytesFailsAsTruncatedWithoutAllocatingThem() throws IOException {
        Path f = tmp.resolve("huge");
        // 2^30 records of 1 byte, 10 present; then dimensions whose product overflows a long
        Files.write(f, new byte[] {0, 0, 8, 1, 0x40, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10});
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> IdxReader.read(f));
        assertTrue(
                e.getMessage().startsWith(f + ": truncated") && e.getMessage().contains("only 10"), e.getMessage());
        Path g = tmp.resolve("overflow");
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        DataOutputStream d = new DataOutputStream(bytes);
        d.write(new byte[] {0, 0, 0x0E, 4});
        for (int i = 0; i < 4; i++) {
            d.writeInt(Integer.MAX_VALUE);
        }
        Files.write(g, bytes.toByteArray());
        e = assertThrows(InvalidInputException.class, () -> IdxReader.read(g));
        assertTrue(e.getMessage().startsWith(g + ": payload of more than 2^63 bytes"), e.getMessage());
    }

    @Test
    void missingFileIsInvalidInput() {
        Path f = tmp.resolve("missing.gz");
        assertTrue(assertThrows(InvalidInputException.class, () -> IdxReader.read(f))
                .getMessage()
                .contains("not found"));
    }

    @Test
    void streamingWriterRefusesWrongRecordCount() {
        IdxWriter w = new IdxWriter(tmp.resolve("s.gz"), new IdxHeader(IdxType.UBYTE, new int[] {2, 3}));
        w.writeRecord(new byte[3]);
        assertThrows(IllegalStateException.class, w::close);
    }

    @Test
    void streamingWriterOutputIsByteIdenticalForSameInput() throws IOException {
        for (String n : new String[] {"x.gz", "y.gz"}) {
            try (IdxWriter w = new IdxWriter(tmp.resolve(n), new IdxHeader(IdxType.UBYTE, new int[] {2, 3}))) {
                w.writeRecord(new byte[] {1, 2, 3});
                w.writeRecord(new byte[] {4, 5, 6});
            }
        }
        assertArrayEquals(Files.readAllBytes(tmp.resolve("x.gz")), Files.readAllBytes(tmp.resolve("y.gz")));
    }
}
