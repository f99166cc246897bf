package org.capsnet.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MultiMnistGeneratorTest {
    @TempDir
    static Path source;

    @TempDir
    Path tmp;

    @BeforeAll
    static void smallSource() {
        TestData.mnistSubset(source, 300, 100);
    }

    private static final String[] NAMES = {
        "train-images-idx3-ubyte.gz",
        "train-labels-idx2-ubyte.gz",
        "train-sources-idx4-ubyte.gz",
        "t10k-images-idx3-ubyte.gz",
        "t10k-labels-idx2-ubyte.gz",
        "t10k-sources-idx4-ubyte.gz"
    };

    @Test
    void writesBothSplitsWithKPairsPerDigitAndTheDocumentedShapes() throws IOException {
        List<SplitReport> reports = MultiMnistGenerator.generate(source, tmp, MultiMnistConfig.paper(3, 1));
        assertEquals(900, reports.get(0).pairs());
        assertEquals(300, reports.get(1).pairs());
        assertArrayEquals(
                new int[] {900, 36, 36},
                IdxReader.readHeader(tmp.resolve(NAMES[0])).dims());
        assertArrayEquals(
                new int[] {900, 2}, IdxReader.readHeader(tmp.resolve(NAMES[1])).dims());
        assertArrayEquals(
                new int[] {900, 2, 36, 36},
                IdxReader.readHeader(tmp.resolve(NAMES[2])).dims());
        assertArrayEquals(
                new int[] {300, 2, 36, 36},
                IdxReader.readHeader(tmp.resolve(NAMES[5])).dims());
        try (var files = Files.list(tmp)) {
            assertTrue(files.noneMatch(f -> f.toString().endsWith(".part")));
        }
    }

    @Test
    void labelsDifferInEveryPairAndFirstLabelFollowsSourceOrder() {
        MultiMnistGenerator.generate(source, tmp, MultiMnistConfig.paper(2, 7));
        int[] labels = IdxReader.read(tmp.resolve(NAMES[1])).toInts();
        int[] sourceLabels =
                IdxReader.read(source.resolve("train-labels-idx1-ubyte.gz")).toInts();
        for (int r = 0; r < labels.length / 2; r++) {
            assertNotEquals(labels[2 * r], labels[2 * r + 1], "pair " + r);
            assertEquals(sourceLabels[r / 2], labels[2 * r]);
        }
    }

    @Test
    void everyMergedPixelIsTheClippedSumOfItsSources() {
        MultiMnistGenerator.generate(source, tmp, MultiMnistConfig.paper(2, 3));
        byte[] merged = IdxReader.read(tmp.resolve(NAMES[3])).payload();
        byte[] sources = IdxReader.read(tmp.resolve(NAMES[5])).payload();
        int area = 36 * 36;
        boolean clipped = false;
        for (int r = 0; r < merged.length / area; r++) {
            for (int p = 0; p < area; p++) {
                int a = sources[2 * r * area + p] & 0xFF;
                int b = sources[(2 * r + 1) * area + p] & 0xFF;
                assertEquals(Math.min(255, a + b), merged[r * area + p] & 0xFF);
                clipped |= a + b > 255;
            }
        }
        assertTrue(clipped, "some overlapping strokes should saturate");
    }

    @Test
    void shiftsStayWithinRangeAndSourcesAreThePaddedShiftedDigits() {
        SourceDigits digits = SourceDigits.load(source, Split.TRAIN);
        PairSampler sampler = new PairSampler(MultiMnistGenerator.labels(digits), 5, 2, 11, Split.TRAIN);
        PairRenderer renderer = new PairRenderer(digits, 4);
        byte[] merged = new byte[36 * 36];
        byte[] sources = new byte[2 * 36 * 36];
        boolean sawExtreme = false;
        for (int i = 0; i < digits.size(); i++) {
            for (PairSpec p : sampler.pairsFor(i)) {
                for (int s : new int[] {p.dx1(), p.dy1(), p.dx2(), p.dy2()}) {
                    assertTrue(Math.abs(s) <= 2, p.toString());
                    sawExtreme |= Math.abs(s) == 2;
                }
                assertNotEquals(digits.label(p.first()), digits.label(p.second()));
            }
        }
        assertTrue(sawExtreme);
        PairSpec p = new PairSpec(0, 1, -4, 3, 4, -4);
        renderer.render(p, merged, sources);
        for (int y = 0; y < 36; y++) {
            for (int x = 0; x < 36; x++) {
                int sy = y - 4 - 3;
                int sx = x - 4 + 4;
                int expected = sy >= 0 && sy < 28 && sx >= 0 && sx < 28 ? digits.pixel(0, sy, sx) : 0;
                assertEquals(expected, sources[y * 36 + x] & 0xFF, "(" + y + "," + x + ")");
            }
        }
    }

    @Test
    void sameSeedGivesByteIdenticalFilesAndAnotherSeedDoesNot() throws IOException {
        Path a = tmp.resolve("a");
        Path b = tmp.resolve("b");
        Path c = tmp.resolve("c");
        MultiMnistGenerator.generate(source, a, MultiMnistConfig.paper(2, 42));
        MultiMnistGenerator.generate(source, b, MultiMnistConfig.paper(2, 42));
        MultiMnistGenerator.generate(source, c, MultiMnistConfig.paper(2, 43));
        for (String n : NAMES) {
            assertArrayEquals(Files.readAllBytes(a.resolve(n)), Files.readAllBytes(b.resolve(n)), n);
        }
        assertFalse(java.util.Arrays.equals(
                Files.readAllBytes(a.resolve(NAMES[0])), Files.readAllBytes(c.resolve(NAMES[0]))));
    }

    @Test
    void averageOverlapIsInAPlausibleRange() {
        SplitReport r = MultiMnistGenerator.generate(source, tmp, MultiMnistConfig.paper(4, 5))
                .get(0);
        // Nominal 20x20 boxes with independent uniform shifts in [-4, 4]: expectation (20 - 80/27)^2 / 400 = 72.6%.
        assertEquals(0.726, r.meanNominalOverlap(), 0.02);
        assertTrue(r.meanInkOverlap() > 0.5 && r.meanInkOverlap() < 0.95, r.describe());
    }

    @Test
    void nominalOverlapIsTheIntersectionOfTheShiftedTwentyPixelBoxesOverFourHundred() {
        OverlapStats stats = new OverlapStats(SourceDigits.load(source, Split.TEST));
        stats.add(new PairSpec(0, 1, 0, 0, 4, -4));
        stats.add(new PairSpec(0, 1, 2, 2, 2, 2));
        assertEquals((16 * 16 / 400.0 + 1.0) / 2, stats.meanNominal(), 1e-12);
    }

    @Test
    void memoryDoesNotGrowWithThePairsWritten() {
        SourceDigits digits = SourceDigits.load(source, Split.TRAIN);
        int k = 100;
        long[] used = new long[2];
        long[] count = new long[1];
        MultiMnistGenerator.generate(digits, Split.TRAIN, MultiMnistConfig.paper(k, 1), (p, l1, l2, m, s) -> {
            count[0]++;
            if (count[0] == 1000 || count[0] == (long) k * digits.size()) {
                used[count[0] == 1000 ? 0 : 1] = usedHeapAfterGc();
            }
        });
        assertEquals(30000, count[0]);
        // 29,000 more records of 3,888 bytes would be 113 MB if they were kept.
        assertTrue(used[1] - used[0] < 20_000_000L, "heap grew by " + (used[1] - used[0]));
    }

    @Test
    void multiMnistSplitLoadsWithTwoLabelsSourcesAndMultiHotTargets() {
        MultiMnistGenerator.generate(source, tmp, MultiMnistConfig.paper(2, 9));
        LabelledImages d = DatasetLoader.load(tmp, Split.TEST);
        assertTrue(d.isMultiDigit());
        assertEquals(200, d.size());
        assertArrayEquals(new long[] {200, 1296}, d.images().shape());
        assertArrayEquals(new long[] {200, 2592}, d.sources().shape());
        assertEquals(3, d.sha256().size());
        var batch = Minibatches.of(d, 64).get(0);
        assertEquals(2.0, batch.getLabels(0).getRow(5).sumNumber().doubleValue());
        assertEquals(1f, batch.getLabels(0).getFloat(5, d.labels()[5][1]));
    }

    private static long usedHeapAfterGc() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return rt.totalMemory() - rt.freeMemory();
    }
}
