package org.capsnet.data;

import java.util.Random;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.INDArrayIndex;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The paper's only augmentation: shift each image of a batch independently by an integer (dx, dy), each uniform in
 * [-maxShift, maxShift], with zero padding (pixels shifted out are lost). Positive dx moves right, positive dy down.
 * Done with ND4J ops over the batch: the examples are gathered so that equal shifts are contiguous, each group
 * (at most (2*maxShift+1)^2) is moved with one strided-view assign, and a second gather restores the order.
 */
public final class RandomShift {
    private final int height;
    private final int width;
    private final int maxShift;

    /** Shifts images of {@code height} x {@code width} pixels by up to {@code maxShift} (e.g. 2) in each axis. */
    public RandomShift(int height, int width, int maxShift) {
        if (maxShift < 0 || maxShift >= Math.min(height, width)) {
            throw new IllegalArgumentException(
                    "max shift must be in 0.." + (Math.min(height, width) - 1) + ", got " + maxShift);
        }
        this.height = height;
        this.width = width;
        this.maxShift = maxShift;
    }

    /** A new batch [b, H*W] with every row shifted by a random (dx, dy) drawn from {@code random} (dx then dy). */
    public INDArray apply(INDArray batch, Random random) {
        int b = (int) batch.size(0);
        int[] dx = new int[b];
        int[] dy = new int[b];
        int span = 2 * maxShift + 1;
        for (int i = 0; i < b; i++) {
            dx[i] = random.nextInt(span) - maxShift;
            dy[i] = random.nextInt(span) - maxShift;
        }
        return apply(batch, dx, dy);
    }

    /**
     * A minibatch of {@link Minibatches} with its features (images [b, H*W]) shifted; labels are shared, not
     * copied. For single-digit data the shifted images are also the reconstruction targets.
     */
    public org.nd4j.linalg.dataset.api.MultiDataSet apply(
            org.nd4j.linalg.dataset.api.MultiDataSet batch, Random random) {
        return new org.nd4j.linalg.dataset.MultiDataSet(
                new INDArray[] {apply(batch.getFeatures(0), random)}, batch.getLabels());
    }

    /** A new batch [b, H*W] with row i shifted by (dx[i], dy[i]): out(y, x) = in(y - dy, x - dx), 0 outside. */
    public INDArray apply(INDArray batch, int[] dx, int[] dy) {
        int b = (int) batch.size(0);
        if (batch.rank() != 2 || batch.size(1) != (long) height * width || dx.length != b || dy.length != b) {
            throw new IllegalArgumentException("batch must be [b, " + height * width + "] with b shifts, got "
                    + java.util.Arrays.toString(batch.shape()));
        }
        int span = 2 * maxShift + 1;
        // Counting sort of the examples by shift group.
        int[] group = new int[b];
        int[] start = new int[span * span + 1];
        for (int i = 0; i < b; i++) {
            if (Math.abs(dx[i]) > maxShift || Math.abs(dy[i]) > maxShift) {
                throw new IllegalArgumentException("shift (" + dx[i] + ", " + dy[i] + ") exceeds " + maxShift);
            }
            group[i] = (dy[i] + maxShift) * span + dx[i] + maxShift;
            start[group[i] + 1]++;
        }
        for (int g = 0; g < span * span; g++) {
            start[g + 1] += start[g];
        }
        int[] next = start.clone();
        int[] order = new int[b];
        int[] inverse = new int[b];
        for (int i = 0; i < b; i++) {
            int pos = next[group[i]]++;
            order[pos] = i;
            inverse[i] = pos;
        }
        INDArray sorted = Nd4j.pullRows(batch, 1, order).reshape('c', b, height, width);
        INDArray shifted = Nd4j.zeros(batch.dataType(), b, height, width);
        for (int g = 0; g < span * span; g++) {
            if (start[g] == start[g + 1]) {
                continue;
            }
            int gdx = g % span - maxShift;
            int gdy = g / span - maxShift;
            INDArrayIndex rows = NDArrayIndex.interval(start[g], start[g + 1]);
            shifted.get(rows, range(gdy, height, true), range(gdx, width, true))
                    .assign(sorted.get(rows, range(gdy, height, false), range(gdx, width, false)));
        }
        return Nd4j.pullRows(shifted.reshape('c', b, (long) height * width), 1, inverse);
    }

    /** Destination (or source) interval along an axis of length n for a shift d. */
    private static INDArrayIndex range(int d, int n, boolean destination) {
        int lo = Math.max(0, d);
        int hi = Math.min(n, n + d);
        return destination ? NDArrayIndex.interval(lo, hi) : NDArrayIndex.interval(lo - d, hi - d);
    }
}
