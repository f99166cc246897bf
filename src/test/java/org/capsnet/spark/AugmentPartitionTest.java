package org.capsnet.spark;

import org.capsnet.model.TinyCapsNets;
import org.capsnet.model.CapsNetConfig;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

/** The executor-side augmentation, called directly (no cluster). */
class AugmentPartitionTest {
    private final CapsNetConfig arch = TinyCapsNets.tiny(2, true);
    private final List<org.nd4j.linalg.dataset.MultiDataSet> data =
            TinyNets.minibatches(arch, 3, 5, 7, DataType.FLOAT);

    private List<MultiDataSet> run(long seed, int epoch, int partition, int shift) {
        Iterator<MultiDataSet> in = new ArrayList<MultiDataSet>(data).iterator();
        List<MultiDataSet> out = new ArrayList<>();
        new AugmentPartition(arch, seed, epoch, shift, 1, 0).call(partition, in).forEachRemaining(out::add);
        return out;
    }

    private static INDArray images(List<MultiDataSet> batches) {
        return Nd4j.concat(0, batches.stream().map(b -> b.getFeatures(0)).toArray(INDArray[]::new));
    }

    @Test
    void sameSeedEpochAndPartitionGiveTheSameMinibatches() {
        assertEquals(images(run(1, 2, 3, 2)), images(run(1, 2, 3, 2)));
    }

    @Test
    void epochPartitionAndSeedEachChangeTheMinibatches() {
        INDArray base = images(run(1, 2, 3, 2));
        assertNotEquals(base, images(run(1, 3, 3, 2)));
        assertNotEquals(base, images(run(1, 2, 4, 2)));
        assertNotEquals(base, images(run(9, 2, 3, 2)));
    }

    @Test
    void withoutShiftTheExamplesArePermutedWithTheirLabelsAndBatchSizesKept() {
        List<MultiDataSet> out = run(1, 0, 0, 0);
        assertEquals(3, out.size());
        INDArray inImages = images(new ArrayList<>(data));
        INDArray inLabels = Nd4j.concat(0, data.stream().map(b -> b.getLabels(0)).toArray(INDArray[]::new));
        INDArray outImages = images(out);
        INDArray outLabels = Nd4j.concat(0, out.stream().map(b -> b.getLabels(0)).toArray(INDArray[]::new));
        assertNotEquals(inImages, outImages);
        double[] inKeys = keys(inImages, inLabels);
        double[] outKeys = keys(outImages, outLabels);
        Arrays.sort(inKeys);
        Arrays.sort(outKeys);
        assertArrayEquals(inKeys, outKeys, 1e-4);
    }

    @Test
    void examplesAreDealtIntoTheRequestedNumberOfNearlyEqualMinibatches() {
        List<MultiDataSet> out = new ArrayList<>();
        new AugmentPartition(arch, 1, 0, 2, 1, 4).call(0, new ArrayList<MultiDataSet>(data).iterator())
                .forEachRemaining(out::add);
        assertEquals(List.of(4L, 4L, 4L, 3L), out.stream().map(b -> b.getFeatures(0).size(0)).toList());
        assertEquals(List.of(1, 1), AugmentPartition.equalSizes(2, 5));
    }

    @Test
    void outputIsTheGraphsTrainingFormat() {
        MultiDataSet b = run(1, 0, 0, 2).get(0);
        assertEquals(2, b.getFeatures().length);   // image, label
        assertEquals(2, b.getLabels().length);     // targets, reconstruction target
        assertSame(b.getFeatures(0), b.getLabels(1));
        assertArrayEquals(new long[]{5, 100}, b.getFeatures(0).shape());
        assertArrayEquals(new long[]{5, 3}, b.getFeatures(1).shape());
    }

    @Test
    void multiDigitExamplesKeepTheirSourcesAndDigitOrderAndAreNotShifted() {
        CapsNetConfig two = arch.withDigitsPerImage(2);
        List<MultiDataSet> in = new ArrayList<>();
        for (int batch = 0; batch < 2; batch++) {
            INDArray x = Nd4j.rand(DataType.FLOAT, 4, 100);
            int[][] labels = new int[4][];
            for (int i = 0; i < 4; i++) {
                int id = batch * 4 + i;
                x.putScalar(i, 0, id);
                labels[i] = new int[] {id % 3, (id + 1) % 3};
            }
            INDArray sources = Nd4j.concat(1, x.mul(0.5), x.mul(0.25));
            in.add(new org.nd4j.linalg.dataset.MultiDataSet(new INDArray[] {x}, new INDArray[] {
                    org.capsnet.data.Minibatches.targets(labels, 0, 4), sources,
                    org.capsnet.data.Minibatches.classIndices(labels, 0, 4)}));
        }
        List<MultiDataSet> out = new ArrayList<>();
        new AugmentPartition(two, 1, 0, 2, 1, 0).call(0, in.iterator()).forEachRemaining(out::add);
        for (MultiDataSet b : out) {
            INDArray x = b.getFeatures(0);
            assertEquals(Nd4j.concat(1, x.mul(0.5), x.mul(0.25)), b.getLabels(1));
            for (int i = 0; i < x.size(0); i++) {
                int id = (int) x.getDouble(i, 0);
                assertEquals(1.0, b.getFeatures(1).getDouble(i, id % 3));
                assertEquals(1.0, b.getFeatures(1).getDouble(i, 3 + (id + 1) % 3));
                assertEquals(2.0, b.getLabels(0).sumNumber().doubleValue() / x.size(0), 1e-6);
            }
        }
    }

    @Test
    void taskThreadLimitIsApplied() {
        try {
            run(1, 0, 0, 0);
            assertEquals(1, Nd4jThreads.applied());
            assertEquals(1, Nd4j.getEnvironment().maxMasterThreads());
            assertEquals(1, Nd4j.factory().blas().getMaxThreads());
        } finally {
            Nd4jThreads.restoreDefault();
        }
    }

    /** One number per example that ties its pixels to its label: pixel sum + 1000 * class. */
    private static double[] keys(INDArray images, INDArray labels) {
        double[] sums = images.sum(1).toDoubleVector();
        double[] cls = labels.argMax(1).castTo(DataType.DOUBLE).toDoubleVector();
        double[] k = new double[sums.length];
        for (int i = 0; i < k.length; i++) {
            k[i] = sums[i] + 1000 * cls[i];
        }
        return k;
    }
}
