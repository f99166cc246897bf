package org.capsnet.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import org.capsnet.io.StoragePath;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** MultiMNIST generated on the fly is, pair for pair and byte for byte, what `data multimnist` writes. */
class GeneratedPairsTest {
    @TempDir
    static Path source;

    @TempDir
    static Path materialised;

    private static final MultiMnistConfig SETTINGS = MultiMnistConfig.paper(3, 11);

    @BeforeAll
    static void generate() {
        TestData.mnistSubset(source, 200, 60);
        MultiMnistGenerator.generate(source, materialised, SETTINGS);
    }

    private static long[] allIds(long n) {
        long[] ids = new long[(int) n];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = i;
        }
        return ids;
    }

    @Test
    void everyPairEqualsTheMaterialisedRecordAtItsPosition() {
        for (Split split : Split.values()) {
            GeneratedPairs pairs = ExampleSets.pairs(StoragePath.local(source), split, SETTINGS);
            ExampleSet files = ExampleSets.of(StoragePath.local(materialised), split);
            assertEquals(files.size(), pairs.size());
            assertEquals(36, pairs.height());
            LabelledImages generated = pairs.open().read(allIds(pairs.size()));
            LabelledImages written = files.open().read(allIds(files.size()));
            // floats from the same bytes by the same conversion: equal bytes give equal floats
            assertArrayEquals(
                    written.images().data().asFloat(), generated.images().data().asFloat(), split + "");
            assertArrayEquals(
                    written.sources().data().asFloat(),
                    generated.sources().data().asFloat(),
                    split + "");
            for (int i = 0; i < written.size(); i++) {
                assertArrayEquals(written.labels()[i], generated.labels()[i], split + " pair " + i);
            }
        }
    }

    @Test
    void anyOrderOfReadsRendersTheSamePairs() {
        GeneratedPairs pairs = ExampleSets.pairs(StoragePath.local(source), Split.TRAIN, SETTINGS);
        ExampleReader reader = pairs.open();
        LabelledImages forward = reader.read(new long[] {5, 599, 17});
        LabelledImages again = pairs.open().read(new long[] {17, 5, 599});
        assertArrayEquals(
                forward.images().getRow(0).toFloatVector(),
                again.images().getRow(1).toFloatVector());
        assertArrayEquals(
                forward.images().getRow(1).toFloatVector(),
                again.images().getRow(2).toFloatVector());
        assertArrayEquals(forward.labels()[2], again.labels()[0]);
    }

    @Test
    void evaluationOrderVisitsEveryDigitsFirstPairBeforeAnySecond() {
        GeneratedPairs pairs = ExampleSets.pairs(StoragePath.local(source), Split.TEST, SETTINGS);
        assertEquals(0, pairs.evaluationId(0));
        assertEquals(3, pairs.evaluationId(1), "pair 0 of source digit 1");
        assertEquals(59 * 3, pairs.evaluationId(59));
        assertEquals(1, pairs.evaluationId(60), "pair 1 of source digit 0");
    }
}
