package org.capsnet.model;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.shape.OneHot;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;

/** Class targets from the per-digit class indices that data minibatches carry, as ND4J ops over the batch. */
public final class ClassTargets {
    private ClassTargets() {}

    /**
     * The one-hot vector of each digit side by side: {@code labels [B, k]} (class indices as floats) to
     * {@code [B, k*numClasses]}, digit 1's first.
     */
    public static INDArray perDigitOneHots(INDArray labels, int numClasses, DataType dataType) {
        double min = labels.minNumber().doubleValue();
        double max = labels.maxNumber().doubleValue();
        if (min < 0 || max >= numClasses) {
            throw new IllegalArgumentException(
                    "class indices must be in 0.." + (numClasses - 1) + ", got " + min + ".." + max);
        }
        long batch = labels.size(0);
        INDArray[] digits = new INDArray[(int) labels.size(1)];
        for (int digit = 0; digit < digits.length; digit++) {
            INDArray classes =
                    labels.get(NDArrayIndex.all(), NDArrayIndex.point(digit)).castTo(DataType.INT64);
            digits[digit] = Nd4j.exec(
                    new OneHot(classes, Nd4j.createUninitialized(dataType, batch, numClasses), numClasses))[0];
        }
        return digits.length == 1 ? digits[0] : Nd4j.hstack(digits);
    }

    /**
     * The sum of the one-hot vectors of each digit: {@code labels [B, k]} to {@code [B, numClasses]}. For MultiMNIST
     * the two digits have different classes, so the result is a two-hot 0/1 vector (the paper's training target).
     */
    public static INDArray kHot(INDArray labels, int numClasses, DataType dataType) {
        long batch = labels.size(0);
        return perDigitOneHots(labels, numClasses, dataType)
                .reshape('c', batch, labels.size(1), numClasses)
                .sum(1);
    }
}
