package org.capsnet.model;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.shape.OneHot;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** Class targets from the per-digit class indices that data minibatches carry. */
public final class ClassTargets {
    private ClassTargets() {
    }

    /**
     * The sum of the one-hot vectors of each digit: {@code labels [B, k]} (class indices as floats) to
     * {@code [B, numClasses]}. For MultiMNIST the two digits have different classes, so the result is a two-hot 0/1
     * vector (the paper's training target).
     */
    public static INDArray kHot(INDArray labels, int numClasses, DataType dataType) {
        long batch = labels.size(0);
        INDArray sum = Nd4j.zeros(dataType, batch, numClasses);
        for (long digit = 0; digit < labels.size(1); digit++) {
            INDArray classes = labels.get(NDArrayIndex.all(), NDArrayIndex.point(digit)).castTo(DataType.INT64);
            sum.addi(Nd4j.exec(new OneHot(classes, Nd4j.createUninitialized(dataType, batch, numClasses),
                    numClasses))[0]);
        }
        return sum;
    }
}
