package org.capsnet.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.capsnet.InvalidInputException;
import org.capsnet.io.StoragePath;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;

class DatasetLoaderTest {
    @TempDir
    Path tmp;

    @Test
    void mnistSampleLoadsAsFloatPixelsInUnitRangeWithItsChecksums() throws IOException {
        LabelledImages train = DatasetLoader.load(TestData.mnistSample(), Split.TRAIN);
        assertEquals(8000, train.size());
        assertArrayEquals(new long[] {8000, 784}, train.images().shape());
        assertEquals(DataType.FLOAT, train.images().dataType());
        assertEquals(1.0, train.images().maxNumber().doubleValue(), 1e-6);
        assertEquals(0.0, train.images().minNumber().doubleValue(), 1e-6);
        assertEquals(28, train.height());
        assertFalse(train.isMultiDigit());
        String sums = Files.readString(TestData.shared().resolve("SHA256SUMS"));
        String hash = train.sha256().get("train-images-idx3-ubyte.gz");
        assertTrue(sums.contains(hash + "  mnist-sample/train-images-idx3-ubyte.gz"), hash);
        assertEquals(
                1000, DatasetLoader.load(TestData.mnistSample(), Split.TEST).size());
    }

    @Test
    void ungzippedStandardNamesAreAccepted() throws IOException {
        TestData.writeTinySplit(tmp, Split.TEST, 12, 3, 4);
        for (String n : new String[] {"t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"}) {
            byte[] raw =
                    IdxReader.open(StoragePath.local(tmp.resolve(n + ".gz"))).readAllBytes();
            Files.delete(tmp.resolve(n + ".gz"));
            Files.write(tmp.resolve(n), raw);
        }
        LabelledImages d = DatasetLoader.load(tmp, Split.TEST);
        assertEquals(12, d.size());
        assertEquals(7, d.labels()[7][0]);
        assertEquals((1 + 1 + 3) / 255f, d.images().getFloat(1, 1 * 4 + 3), 1e-7f);
    }

    @Test
    void labelCountMismatchNamesBothFiles() {
        TestData.writeTinySplit(tmp, Split.TRAIN, 10, 2, 2);
        IdxWriter.write(
                tmp.resolve("train-labels-idx1-ubyte.gz"),
                new IdxArray(new IdxHeader(IdxType.UBYTE, new int[] {9}), new byte[9]));
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> DatasetLoader.load(tmp, Split.TRAIN));
        assertTrue(
                e.getMessage().contains("train-labels-idx1-ubyte.gz: 9 records")
                        && e.getMessage().contains("train-images-idx3-ubyte.gz has 10 images"),
                e.getMessage());
    }

    @Test
    void labelOutsideZeroToNineIsRejected() {
        TestData.writeTinySplit(tmp, Split.TRAIN, 3, 2, 2);
        IdxWriter.write(
                tmp.resolve("train-labels-idx1-ubyte.gz"),
                new IdxArray(new IdxHeader(IdxType.UBYTE, new int[] {3}), new byte[] {1, 10, 2}));
        assertTrue(assertThrows(InvalidInputException.class, () -> DatasetLoader.load(tmp, Split.TRAIN))
                .getMessage()
                .contains("label 10 at element 1 is outside 0..9"));
    }

    @Test
    void missingLabelsFileIsNamed() {
        TestData.writeTinySplit(tmp, Split.TRAIN, 3, 2, 2);
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> DatasetLoader.load(tmp, Split.TEST));
        assertTrue(e.getMessage().contains("t10k-images-idx3-ubyte.gz: file not found"), e.getMessage());
    }
}
