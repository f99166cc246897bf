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
        transposeInParallel(HostLoops.floatBuffer(W), (int) W.offset(), children, columns, FloatBuffer.wrap(values), 0);
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

    /**
     * {@code dst[dstFrom + c * rows + r] = src[srcFrom + r * cols + c]}, in bands of 64 rows split over the ND4J threads:
     * between ND4J's memory and Java arrays (wrapped), so neither side needs a copy first.
     */
    static void transposeInParallel(FloatBuffer src, int srcFrom, int rows, int cols, FloatBuffer dst, int dstFrom) {
        int band = 64;
        HostLoops.forEachExample((rows + band - 1) / band, part -> {
            int r0 = part * band;
            int r1 = Math.min(rows, r0 + band);
            for (int c = 0; c < cols; c++) { // writes a run of 64, reads 64 lines that stay in L1
                int to = dstFrom + c * rows;
                for (int r = r0; r < r1; r++) {
                    dst.put(to + r, src.get(srcFrom + r * cols + c));
                }
            }
        });
    }
}
