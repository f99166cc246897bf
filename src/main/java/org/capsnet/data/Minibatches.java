package org.capsnet.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Turns a {@link LabelledImages} split into {@link MultiDataSet} minibatches. Each minibatch of b examples has
 * features {@code {images [b, H*W] float}} and labels {@code {targets [b, 10]}} (one-hot; for MultiMNIST the sum of
 * the two one-hots) plus, for MultiMNIST only, a second labels array {@code sources [b, 2*H*W]} (digit 1 then
 * digit 2) and a third {@code classes [b, 2]} (the class of digit 1, of digit 2: which source goes with which
 * label). The last minibatch may be smaller. {@link #classes} and {@link #sources} read a minibatch back.
 */
public final class Minibatches {
    private Minibatches() {}

    /** Consecutive minibatches in file order. */
    public static List<MultiDataSet> of(LabelledImages data, int batchSize) {
        checkBatchSize(batchSize);
        List<MultiDataSet> out = new ArrayList<>();
        for (int from = 0; from < data.size(); from += batchSize) {
            out.add(slice(data, from, Math.min(data.size(), from + batchSize)));
        }
        return out;
    }

    /** Minibatches of a random permutation of the examples (one gather op per minibatch). */
    public static List<MultiDataSet> shuffled(LabelledImages data, int batchSize, Random random) {
        checkBatchSize(batchSize);
        int n = data.size();
        int[] perm = permutation(n, random);
        List<MultiDataSet> out = new ArrayList<>();
        for (int from = 0; from < n; from += batchSize) {
            int[] rows = java.util.Arrays.copyOfRange(perm, from, Math.min(n, from + batchSize));
            out.add(gather(data, rows));
        }
        return out;
    }

    /** The minibatch of examples {@code from} (inclusive) to {@code to} (exclusive). */
    public static MultiDataSet slice(LabelledImages data, int from, int to) {
        INDArray images = data.images()
                .get(NDArrayIndex.interval(from, to), NDArrayIndex.all())
                .dup('c');
        INDArray targets = targets(data.labels(), from, to);
        if (data.sources() == null) {
            return new MultiDataSet(new INDArray[] {images}, new INDArray[] {targets});
        }
        INDArray sources = data.sources()
                .get(NDArrayIndex.interval(from, to), NDArrayIndex.all())
                .dup('c');
        return new MultiDataSet(
                new INDArray[] {images}, new INDArray[] {targets, sources, classIndices(data.labels(), from, to)});
    }

    /** The minibatch of the given example indices, in that order. */
    public static MultiDataSet gather(LabelledImages data, int[] rows) {
        INDArray images = Nd4j.pullRows(data.images(), 1, rows);
        int[][] labels = new int[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            labels[i] = data.labels()[rows[i]];
        }
        INDArray targets = targets(labels, 0, rows.length);
        if (data.sources() == null) {
            return new MultiDataSet(new INDArray[] {images}, new INDArray[] {targets});
        }
        INDArray sources = Nd4j.pullRows(data.sources(), 1, rows);
        return new MultiDataSet(
                new INDArray[] {images}, new INDArray[] {targets, sources, classIndices(labels, 0, rows.length)});
    }

    /** Targets float [to - from, 10]: 1 at each label of the example (multi-hot sum for two labels). */
    public static INDArray targets(int[][] labels, int from, int to) {
        int b = to - from;
        float[] t = new float[b * LabelledImages.CLASSES];
        for (int i = 0; i < b; i++) {
            for (int label : labels[from + i]) {
                t[i * LabelledImages.CLASSES + label] += 1f;
            }
        }
        return Nd4j.createFromArray(t).reshape('c', b, LabelledImages.CLASSES).castTo(DataType.FLOAT);
    }

    /** Class indices float [to - from, k], digit 1's class first. */
    public static INDArray classIndices(int[][] labels, int from, int to) {
        int b = to - from;
        int k = b == 0 ? 1 : labels[from].length;
        float[] c = new float[b * k];
        for (int i = 0; i < b; i++) {
            for (int d = 0; d < k; d++) {
                c[i * k + d] = labels[from + i][d];
            }
        }
        return Nd4j.createFromArray(c).reshape('c', b, k);
    }

    /**
     * The class indices {@code [b, k]} of a data minibatch: its classes array when it has one (MultiMNIST), else
     * the classes present in its targets in ascending order (one per example for single digits).
     */
    public static INDArray classes(org.nd4j.linalg.dataset.api.MultiDataSet batch) {
        if (batch.numLabelsArrays() >= 3) {
            return batch.getLabels(2);
        }
        double[][] targets = batch.getLabels(0).toDoubleMatrix();
        int[][] labels = new int[targets.length][];
        for (int i = 0; i < targets.length; i++) {
            List<Integer> present = new ArrayList<>();
            for (int c = 0; c < targets[i].length; c++) {
                for (long n = Math.round(targets[i][c]); n > 0; n--) {
                    present.add(c);
                }
            }
            labels[i] = present.stream().mapToInt(Integer::intValue).toArray();
        }
        return classIndices(labels, 0, labels.length);
    }

    /** Each digit's own image {@code [b, k*H*W]} of a MultiMNIST data minibatch, or null for single digits. */
    public static INDArray sources(org.nd4j.linalg.dataset.api.MultiDataSet batch) {
        return batch.numLabelsArrays() >= 2 ? batch.getLabels(1) : null;
    }

    private static void checkBatchSize(int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be >= 1, got " + batchSize);
        }
    }

    /** A uniformly random permutation of 0..n-1 (Fisher-Yates), drawn from {@code random}. */
    public static int[] permutation(int n, Random random) {
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) {
            perm[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
        return perm;
    }
}
