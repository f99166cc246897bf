package org.capsnet.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.capsnet.InvalidInputException;
import org.capsnet.io.StoragePath;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Parquet MultiMNIST of {@code data multimnist --format parquet}, described and read as the IDX output is. */
class ParquetExamplesTest extends LocalSparkTest {
    @TempDir
    static Path tmp;

    static StoragePath idx;
    static StoragePath parquet;

    @BeforeAll
    static void generateBothFormats() {
        Path source = tmp.resolve("src");
        TestData.mnistSubset(source, 40, 30);
        MultiMnistGenerator.generate(source, tmp.resolve("idx"), MultiMnistConfig.paper(2, 5));
        List<SplitReport> reports = MultiMnistGenerator.generate(
                source, tmp.resolve("pq"), new MultiMnistConfig(2, 4, 4, 5, MultiMnistConfig.Format.PARQUET));
        assertEquals(60, reports.get(1).pairs());
        idx = StoragePath.local(tmp.resolve("idx"));
        parquet = StoragePath.local(tmp.resolve("pq"));
    }

    @Test
    void parquetSplitIsDescribedFromItsFootersWithTheShapeOfTheIdxSplit() {
        for (Split split : Split.values()) {
            ExampleSet fromIdx = ExampleSets.of(idx, split);
            ExampleSet fromParquet = ExampleSets.of(parquet, split);
            assertInstanceOf(ParquetExamples.class, fromParquet);
            assertEquals(fromIdx.size(), fromParquet.size());
            assertEquals(36, fromParquet.height());
            assertEquals(36, fromParquet.width());
            assertEquals(2, fromParquet.digitsPerImage());
        }
        ParquetExamples train = (ParquetExamples) ExampleSets.of(parquet, Split.TRAIN);
        assertEquals(80, train.size());
        assertTrue(train.parts().size() >= 2, "one part file per partition of local[2]: " + train.parts());
        assertTrue(ExampleSets.hasSplit(parquet, Split.TEST));
    }

    @Test
    void parquetReaderReturnsTheIdxRowsForTheSameIds() {
        for (Split split : Split.values()) {
            ExampleSet fromParquet = ExampleSets.of(parquet, split);
            List<Long> order = new ArrayList<>();
            for (long id = 0; id < fromParquet.size(); id++) {
                order.add(id);
            }
            Collections.shuffle(order, new Random(7));
            long[] ids = order.stream().mapToLong(Long::longValue).toArray();

            LabelledImages expected = ExampleSets.of(idx, split).open().read(ids);
            LabelledImages actual = fromParquet.open().read(ids);
            assertArrayEquals(expected.labels(), actual.labels(), split + " labels");
            assertEquals(expected.images(), actual.images(), split + " images");
            assertEquals(expected.sources(), actual.sources(), split + " sources");
        }
    }

    @Test
    void evaluationLoadsTheParquetTestSplitWithItsPartFileChecksums() {
        LabelledImages expected = DatasetLoader.load(idx, Split.TEST);
        LabelledImages actual = DatasetLoader.load(parquet, Split.TEST);
        assertArrayEquals(expected.labels(), actual.labels());
        assertEquals(expected.images(), actual.images());
        assertEquals(expected.sources(), actual.sources());
        ParquetExamples set = (ParquetExamples) ExampleSets.of(parquet, Split.TEST);
        assertEquals(set.parts().size(), actual.sha256().size());
        assertTrue(
                actual.sha256().keySet().stream().allMatch(k -> k.startsWith("t10k.parquet/part-")),
                actual.sha256().toString());
        assertEquals(
                Sha256.of(parquet.resolve("t10k.parquet").resolve(set.parts().get(0))),
                actual.sha256().get("t10k.parquet/" + set.parts().get(0)));
    }

    @Test
    void descriptionThatTravelsToExecutorsIsSmall() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(ExampleSets.of(parquet, Split.TRAIN));
        }
        assertTrue(bytes.size() < 4096, bytes.size() + " bytes");
    }

    @Test
    void corruptPartFileIsAOneLineErrorNamingIt() throws IOException {
        Path copy = tmp.resolve("corrupt");
        copyTree(tmp.resolve("pq"), copy);
        StoragePath dir = StoragePath.local(copy);
        ParquetExamples described = (ParquetExamples) ExampleSets.of(dir, Split.TEST);
        Path part = copy.resolve("t10k.parquet").resolve(described.parts().get(0));
        byte[] content = Files.readAllBytes(part);
        Files.write(part, java.util.Arrays.copyOf(content, content.length / 2));
        Files.deleteIfExists(part.resolveSibling("." + part.getFileName() + ".crc"));

        InvalidInputException onExecutor = assertThrows(InvalidInputException.class, described::open);
        InvalidInputException onDriver =
                assertThrows(InvalidInputException.class, () -> ExampleSets.of(dir, Split.TEST));
        for (InvalidInputException e : List.of(onExecutor, onDriver)) {
            assertTrue(e.getMessage().startsWith(StoragePath.local(part).toString() + ": "), e.getMessage());
            assertFalse(e.getMessage().contains("\n"), e.getMessage());
            assertEquals(1, e.getMessage().split(part.getFileName().toString(), -1).length - 1, e.getMessage());
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (var paths = Files.walk(from)) {
            for (Path p : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }
}
