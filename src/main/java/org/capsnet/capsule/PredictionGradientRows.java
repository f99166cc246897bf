package org.capsnet.capsule;

/**
 * dL/du_hat of the Java path as [B][J*D][I] rows (a row of the I children per example, parent and coordinate) in a
 * float array that a layer owns and reuses across steps: {@link DynamicRouting#backwardInto} writes it and
 * {@link PredictionVectors#backward(org.nd4j.linalg.api.ndarray.INDArray, org.nd4j.linalg.api.ndarray.INDArray,
 * PredictionGradientRows, org.nd4j.linalg.api.ndarray.INDArray, TransposedWeights)} reads it, with no ND4J array
 * between them (which cost a write and two reads of 24 MB a step at batch 32). Not shared between threads.
 */
public final class PredictionGradientRows {
    private float[] values;
    private int examples;
    private int rowsPerExample;
    private int children;

    /** The array for {@code examples} x {@code rows} rows of {@code children} floats, every element to be written. */
    float[] reset(int examples, int rows, int children) {
        if (!fits(examples, rows, children)) {
            throw new IllegalArgumentException(
                    "dL/du_hat of " + examples + " x " + rows + " x " + children + " floats does not fit a Java array");
        }
        int length = examples * rows * children;
        if (values == null || values.length < length) {
            values = new float[length];
        }
        this.examples = examples;
        this.rowsPerExample = rows;
        this.children = children;
        return values;
    }

    float[] values() {
        return values;
    }

    int examples() {
        return examples;
    }

    int rowsPerExample() {
        return rowsPerExample;
    }

    int children() {
        return children;
    }

    /** Whether a batch of this size fits a Java array (else the ND4J arrays carry dL/du_hat). */
    static boolean fits(long examples, long rows, long children) {
        return examples * rows * children <= Integer.MAX_VALUE - 8;
    }
}
