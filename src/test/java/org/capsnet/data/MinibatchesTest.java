package org.capsnet.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

class MinibatchesTest {
    @TempDir
    Path tmp;

    @Test
    void singleDigitBatchesHaveImagesAndOneHotTargetsAndASmallerLastBatch() {
        TestData.writeTinySplit(tmp, Split.TRAIN, 25, 2, 3);
        List<MultiDataSet> batches = Minibatches.of(DatasetLoader.load(tmp, Split.TRAIN), 10);
        assertEquals(3, batches.size());
        MultiDataSet last = batches.get(2);
        assertArrayEquals(new long[] {5, 6}, last.getFeatures(0).shape());
        assertEquals(1, last.getLabels().length);
        assertArrayEquals(new long[] {5, 10}, last.getLabels(0).shape());
        assertEquals(1f, last.getLabels(0).getFloat(3, 3));
        assertEquals(5.0, last.getLabels(0).sumNumber().doubleValue());
        assertEquals((21 + 1 + 2) / 255f, last.getFeatures(0).getFloat(1, 5), 1e-7f);
    }

    @Test
    void multiDigitBatchesHaveMultiHotTargetsSourcesAndClassesDigitOneThenTwo() {
        int hw = 4;
        int[][] labels = {{1, 2}, {3, 3}};
        LabelledImages d = new LabelledImages(
                Nd4j.rand(2, hw).castTo(org.nd4j.linalg.api.buffer.DataType.FLOAT),
                2,
                2,
                labels,
                Nd4j.rand(2, 2 * hw),
                Map.of());
        MultiDataSet b = Minibatches.of(d, 2).get(0);
        assertEquals(3, b.getLabels().length);
        assertArrayEquals(
                new float[] {0, 1, 1, 0, 0, 0, 0, 0, 0, 0},
                b.getLabels(0).getRow(0).toFloatVector());
        assertEquals(2f, b.getLabels(0).getFloat(1, 3));
        assertEquals(d.sources(), b.getLabels(1));
        assertArrayEquals(new float[][] {{1, 2}, {3, 3}}, b.getLabels(2).toFloatMatrix());
        assertEquals(b.getLabels(2), Minibatches.classes(b));
        assertEquals(d.sources(), Minibatches.sources(b));
    }

    @Test
    void classesOfASingleDigitBatchComeFromItsOneHotTargets() {
        TestData.writeTinySplit(tmp, Split.TRAIN, 5, 2, 2);
        MultiDataSet b = Minibatches.of(DatasetLoader.load(tmp, Split.TRAIN), 5).get(0);
        assertArrayEquals(
                new float[][] {{0}, {1}, {2}, {3}, {4}}, Minibatches.classes(b).toFloatMatrix());
        assertEquals(null, Minibatches.sources(b));
    }

    @Test
    void shuffledBatchesContainEveryExampleOnce() {
        TestData.writeTinySplit(tmp, Split.TRAIN, 23, 1, 1);
        LabelledImages d = DatasetLoader.load(tmp, Split.TRAIN);
        List<MultiDataSet> batches = Minibatches.shuffled(d, 5, new Random(3));
        int[] values = batches.stream()
                .flatMapToInt(b -> Arrays.stream(toInts(b.getFeatures(0).toFloatVector())))
                .sorted()
                .toArray();
        int[] expected = new int[23];
        Arrays.setAll(expected, i -> i);
        assertArrayEquals(expected, values);
    }

    private static int[] toInts(float[] v) {
        int[] out = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = Math.round(v[i] * 255f);
        }
        return out;
    }
}
