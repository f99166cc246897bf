package org.capsnet.capsule;

/**
 * u_hat or dL/du_hat of the Java path as [B][J*D][I] rows (a row of the I children per example, parent and
 * coordinate) in a float array that a layer owns and reuses across steps. The prediction vectors' forward writes u_hat
 * there and the routing reads it ({@link PredictionVectors#forwardInto}, {@link DynamicRouting#forward(PredictionRows)});
 * the routing's backward writes dL/du_hat and the prediction vectors' backward reads it
 * ({@link DynamicRouting#backwardInto}). No ND4J array between them: each cost a 24 MB write and two reads a step
 * at batch 32. Not shared between threads; a layer's u_hat rows must not be rewritten between a forward and its
 * backward.
 */
public final class PredictionRows {
    private float[] values;
    private int examples;
    private int parents;
    private int parentDim;
    private int children;

    /** The array for rows of {@code children} floats per example, parent and coordinate; every element to be written. */
    float[] reset(int examples, int parents, int parentDim, int children) {
        if (!fits(examples, (long) parents * parentDim, children)) {
            throw new IllegalArgumentException("prediction vectors of " + examples + " x " + parents + " x " + parentDim
                    + " x " + children + " floats do not fit a Java array");
        }
        int length = examples * parents * parentDim * children;
        if (values == null || values.length < length) {
            values = new float[length];
        }
        this.examples = examples;
        this.parents = parents;
        this.parentDim = parentDim;
        this.children = children;
        return values;
    }

    float[] values() {
        return values;
    }

    int examples() {
        return examples;
    }

    int parents() {
        return parents;
    }

    int parentDim() {
        return parentDim;
    }

    int rowsPerExample() {
        return parents * parentDim;
    }

    int children() {
        return children;
    }

    /** Where example {@code b}'s rows start. */
    int base(int b) {
        return b * rowsPerExample() * children;
    }

    /** Whether a batch of this size fits a Java array (else ND4J arrays carry u_hat and dL/du_hat). */
    static boolean fits(long examples, long rowsPerExample, long children) {
        return examples * rowsPerExample * children <= Integer.MAX_VALUE - 8;
    }
}
