package org.capsnet.spark;

import org.capsnet.data.Minibatches;
import org.apache.spark.api.java.function.Function2;
import org.capsnet.data.RandomShift;
import org.capsnet.model.NetworkArchitecture;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;

/**
 * Executor side, once per partition and epoch: shuffles the examples of the partition's data minibatches
 * (features {images [b, P]}, labels {targets [b, J], ...}), shifts each image randomly by up to {@code maxShift}
 * pixels (not MultiMNIST data, which carries per-digit sources: see {@link org.capsnet.train.LocalEpochFitter}),
 * and deals them into {@code groups} minibatches of nearly equal size (sizes differ by at most one) in the
 * network's format ({@link NetworkArchitecture#trainingBatch}); {@code groups} = 0 keeps the input sizes. Equal group counts
 * on all partitions let every averaging round give each worker the same number of groups (see
 * {@link SparkEpochFitter}).
 * Everything random comes from {@link #partitionSeed}(seed, epoch, partition), so a retried task or a resumed run
 * produces the same minibatches.
 */
public final class AugmentPartition
        implements Function2<Integer, Iterator<MultiDataSet>, Iterator<MultiDataSet>>, Serializable {
    private static final long serialVersionUID = 1L;

    private final NetworkArchitecture arch;
    private final long seed;
    private final int epoch;
    private final int maxShift;
    private final int threads;
    private final int groups;

    /** {@code threads}: ND4J threads for this task, 0 for spark.task.cpus; {@code groups}: minibatches out, 0 = as in. */
    public AugmentPartition(NetworkArchitecture arch, long seed, int epoch, int maxShift, int threads, int groups) {
        this.arch = arch;
        this.seed = seed;
        this.epoch = epoch;
        this.maxShift = maxShift;
        this.threads = threads;
        this.groups = groups;
    }

    /** The seed of one partition's shuffle and shifts in one epoch. */
    public static long partitionSeed(long seed, int epoch, int partition) {
        long h = seed * 0x9E3779B97F4A7C15L + epoch * 1_000_003L + partition * 0xC2B2AE3D27D4EB4FL;
        return h ^ (h >>> 31);
    }

    @Override
    public Iterator<MultiDataSet> call(Integer partition, Iterator<MultiDataSet> batches) {
        TaskThreads.apply(threads);
        List<INDArray> images = new ArrayList<>();
        List<INDArray> classes = new ArrayList<>();
        List<INDArray> sources = new ArrayList<>();
        List<Integer> sizes = new ArrayList<>();
        while (batches.hasNext()) {
            MultiDataSet b = batches.next();
            images.add(b.getFeatures(0));
            classes.add(Minibatches.classes(b));
            INDArray s = Minibatches.sources(b);
            if (s != null) {
                sources.add(s);
            }
            sizes.add((int) b.getFeatures(0).size(0));
        }
        if (sizes.isEmpty()) {
            return java.util.Collections.emptyIterator();
        }
        Random random = new Random(partitionSeed(seed, epoch, partition));
        INDArray allImages = Nd4j.concat(0, images.toArray(new INDArray[0]));
        INDArray allClasses = Nd4j.concat(0, classes.toArray(new INDArray[0]));
        INDArray allSources = sources.size() == sizes.size()
                ? Nd4j.concat(0, sources.toArray(new INDArray[0])) : null;
        int n = (int) allImages.size(0);
        int[] perm = Minibatches.permutation(n, random);
        if (groups > 0) {
            sizes = equalSizes(n, groups);
        }
        RandomShift shift = maxShift > 0 && allSources == null
                ? new RandomShift(arch.inputSize(), arch.inputSize(), maxShift) : null;
        List<MultiDataSet> out = new ArrayList<>(sizes.size());
        int from = 0;
        for (int size : sizes) {
            int[] rows = java.util.Arrays.copyOfRange(perm, from, from + size);
            from += size;
            INDArray x = Nd4j.pullRows(allImages, 1, rows);
            INDArray y = Nd4j.pullRows(allClasses, 1, rows);
            INDArray s = allSources == null ? null : Nd4j.pullRows(allSources, 1, rows);
            if (shift != null) {
                x = shift.apply(x, random);
            }
            out.add(arch.trainingBatch(x, y, s));
        }
        return out.iterator();
    }

    /** {@code min(n, groups)} sizes that sum to n and differ by at most one. */
    static List<Integer> equalSizes(int n, int groups) {
        int g = Math.max(1, Math.min(n, groups));
        List<Integer> sizes = new ArrayList<>(g);
        for (int i = 0; i < g; i++) {
            sizes.add(n / g + (i < n % g ? 1 : 0));
        }
        return sizes;
    }
}
