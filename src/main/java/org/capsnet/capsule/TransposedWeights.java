package org.capsnet.capsule;

import java.nio.FloatBuffer;
import org.capsnet.host.HostLoops;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * DigitCaps' W [I, Din*J*D] transposed to [Din*J*D][I], as the Java prediction vectors read it: made by a forward and
 * kept by the caller (one per layer) for the backward that follows, which would otherwise transpose the same 5.9 MB
 * again. Not shared between threads.
 */
public final class TransposedWeights {
    private float[] values;
    private INDArray source;

    /** Transposes {@code W} [I, Din*J*D] (read straight from ND4J's memory); W's values may have changed since. */
    float[] transpose(INDArray W, int children, int columns) {
        if (values == null || values.length != children * columns) {
            values = new float[children * columns];
        }
        HostLoops.transposeInParallel(
                HostLoops.floatBuffer(W), (int) W.offset(), children, columns, FloatBuffer.wrap(values), 0);
        source = W;
        return values;
    }

    /**
     * The transpose of {@code W} made by the last {@link #transpose}, when that was of this W (W does not change
     * between a forward and its backward); otherwise a new transpose.
     */
    float[] of(INDArray W, int children, int columns) {
        return source == W && values != null && values.length == children * columns
                ? values
                : transpose(W, children, columns);
    }
}
