package org.capsnet.train;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.capsnet.host.AdamCoefficients;
import org.capsnet.host.FloatRows;
import org.capsnet.host.HostLoops;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.AdamUpdater;
import org.nd4j.linalg.learning.config.Adam;

/**
 * {@link AdamUpdater} whose update of float32 arrays on the CPU backend is a Java loop ({@link FloatRows#adam}, SIMD
 * where the JVM has the vector module) over chunks of contiguous elements in ND4J's memory, split over the ND4J
 * thread count; anything else (float64, other backends, strided views) takes ND4J's op.
 *
 * <p>Same formulas and operation order as libnd4j's {@code adam_updater} (in float, like it): with t = iteration + 1,
 * {@code m = b1 m + g (1 - b1)}, {@code v = b2 v + g g (1 - b2)}, {@code update = m a / (sqrt(v) + eps)} where
 * {@code a = lr sqrt(1 - b2^t) / (1 - b1^t)}; the update replaces the gradient. Each element is computed the same way
 * whatever the thread count, so results do not depend on it.
 */
final class HostAdamUpdater extends AdamUpdater {
    /** Elements per task: the task's three chunks (g, m, v; 96 KB) stay in the L2 cache while they are updated. */
    private static final int CHUNK = 8192;

    HostAdamUpdater(Adam config) {
        super(config);
    }

    @Override
    public void applyUpdater(INDArray gradient, int iteration, int epoch) {
        INDArray m = getM();
        INDArray v = getV();
        if (m == null
                || v == null
                || !HostLoops.contiguousFloats(gradient, m, v)
                || !HostLoops.byteAddressable(gradient, m, v)) {
            super.applyUpdater(gradient, iteration, epoch);
            return;
        }
        Adam config = getConfig();
        float beta1 = (float) config.getBeta1();
        float beta2 = (float) config.getBeta2();
        float epsilon = (float) config.getEpsilon();
        float stepSize = stepSize(config.getLearningRate(iteration, epoch), beta1, beta2, epsilon, iteration);
        AdamCoefficients coefficients = new AdamCoefficients(beta1, beta2, 1 - beta1, 1 - beta2, stepSize, epsilon);
        int n = (int) gradient.length();
        HostLoops.forEachExample((n + CHUNK - 1) / CHUNK, chunk -> {
            int from = chunk * CHUNK;
            int length = Math.min(CHUNK, n - from);
            FloatRows.adam(
                    chunkOf(gradient, from, length),
                    chunkOf(m, from, length),
                    chunkOf(v, from, length),
                    length,
                    coefficients);
        });
    }

    /** Elements {@code from} to {@code from + length - 1} of a contiguous float array, as ND4J's memory in place. */
    private static ByteBuffer chunkOf(INDArray a, int from, int length) {
        int at = (int) (a.offset() + from) * Float.BYTES;
        return a.data()
                .asNio()
                .order(ByteOrder.nativeOrder())
                .position(at)
                .limit(at + length * Float.BYTES)
                .slice()
                .order(ByteOrder.nativeOrder());
    }

    /** lr sqrt(1 - b2^t) / (1 - b1^t) with t = iteration + 1, or epsilon where that is not finite or zero. */
    static float stepSize(double learningRate, float beta1, float beta2, float epsilon, int iteration) {
        float t = iteration + 1f;
        float beta1T = (float) Math.pow(beta1, t);
        float beta2T = (float) Math.pow(beta2, t);
        float a = (float) ((float) learningRate * (float) Math.sqrt((float) (1.0 - beta2T)) / (1.0 - beta1T));
        return Float.isNaN(a) || Float.isInfinite(a) || a == 0 ? epsilon : a;
    }
}
