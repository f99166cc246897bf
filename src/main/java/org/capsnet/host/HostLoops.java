package org.capsnet.host;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;
import java.util.stream.IntStream;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.shape.Shape;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Reading and writing rows of dense ND4J arrays as Java arrays, and running per-example work on the ND4J thread
 * count. Each example is computed by one thread in a fixed order, so results do not depend on the thread count.
 */
public final class HostLoops {
    private static volatile ForkJoinPool pool;
    private static final AtomicInteger WORKERS_STARTED = new AtomicInteger();
    private static final int SCRATCH_SLOTS = 16;
    /** The float slots {@link #transposeInParallel} uses; callers of {@link #floats} keep to 0-13. */
    private static final int TRANSPOSE_RUN_SLOT = 14;

    private static final int TRANSPOSE_BAND_SLOT = 15;
    private static final ThreadLocal<double[][]> DOUBLES = ThreadLocal.withInitial(() -> new double[SCRATCH_SLOTS][]);
    private static final ThreadLocal<float[][]> FLOATS = ThreadLocal.withInitial(() -> new float[SCRATCH_SLOTS][]);

    private HostLoops() {}

    /** True when every array is on the CPU backend, float or double, dense in c order and int-addressable. */
    public static boolean supports(INDArray... arrays) {
        if (!isCpuBackend()) {
            return false;
        }
        for (INDArray a : arrays) {
            if (a == null
                    || (a.dataType() != DataType.FLOAT && a.dataType() != DataType.DOUBLE)
                    || a.ordering() != 'c'
                    || !Shape.hasDefaultStridesForShape(a)
                    || a.length() + a.offset() > Integer.MAX_VALUE) {
                return false;
            }
        }
        return true;
    }

    /**
     * True when every array is a float array on the CPU backend of the same length whose elements are one contiguous
     * run, in the same order for all (vectors, or the same ordering): element k of each is at offset + k.
     */
    public static boolean contiguousFloats(INDArray first, INDArray... others) {
        if (!isCpuBackend() || !isContiguousFloatRun(first)) {
            return false;
        }
        for (INDArray a : others) {
            if (!isContiguousFloatRun(a)
                    || a.length() != first.length()
                    || !(a.ordering() == first.ordering() || (a.isVector() && first.isVector()))) {
                return false;
            }
        }
        return true;
    }

    /**
     * True when every byte of each float array is at an int index of its buffer: what loops over
     * {@code data().asNio()} byte buffers (int-indexed) need, beyond {@link #supports}' int element indices.
     */
    public static boolean byteAddressable(INDArray... arrays) {
        for (INDArray a : arrays) {
            if ((a.offset() + a.length()) * Float.BYTES > Integer.MAX_VALUE) {
                return false;
            }
        }
        return true;
    }

    /**
     * True when every array is float and both {@link #supports} and {@link #byteAddressable} hold: what the loops that
     * read and write ND4J's memory through {@link #nativeBytes} need.
     */
    public static boolean denseFloats(INDArray... arrays) {
        for (INDArray a : arrays) {
            if (a == null || a.dataType() != DataType.FLOAT) {
                return false;
            }
        }
        return supports(arrays) && byteAddressable(arrays);
    }

    /**
     * The whole data buffer of float {@code a} as bytes in native order: element k of dense {@code a} at byte
     * {@code (a.offset() + k) * Float.BYTES}, read and written in place.
     */
    public static ByteBuffer nativeBytes(INDArray a) {
        return a.data().asNio().order(ByteOrder.nativeOrder());
    }

    private static boolean isContiguousFloatRun(INDArray a) {
        return a.dataType() == DataType.FLOAT
                && (a.length() == 1 || a.elementWiseStride() == 1)
                && a.length() + a.offset() <= Integer.MAX_VALUE;
    }

    public static boolean isCpuBackend() {
        return Nd4j.getBackend().getClass().getSimpleName().startsWith("Cpu");
    }

    /** Runs {@code body} for 0..count-1, split over the ND4J thread count ({@code maxMasterThreads}). */
    public static void forEachExample(int count, IntConsumer body) {
        int threads = Math.max(1, Math.min(count, Nd4j.getEnvironment().maxMasterThreads()));
        if (threads == 1) {
            for (int i = 0; i < count; i++) {
                body.accept(i);
            }
            return;
        }
        pool(threads)
                .submit(() -> IntStream.range(0, count).parallel().forEach(body))
                .join();
    }

    /** What {@link #forEachChunk} calls: chunk number {@code chunk} covers examples {@code from} to {@code to - 1}. */
    @FunctionalInterface
    public interface ChunkBody {
        void accept(int chunk, int from, int to);
    }

    /**
     * How many chunks {@link #forEachChunk} splits {@code count} examples into: four per ND4J thread, so a thread
     * that the OS deschedules on a busy machine does not leave the others idle at the end.
     */
    public static int chunkCount(int count) {
        int threads = Math.max(1, Nd4j.getEnvironment().maxMasterThreads());
        return Math.max(1, Math.min(count, threads == 1 ? 1 : 4 * threads));
    }

    /**
     * Runs {@code body} on {@link #chunkCount} contiguous ranges of 0..count-1, each by one thread: per-chunk
     * partial sums (parameter gradients) can then be reduced in chunk order, the same for a given thread count
     * whichever thread ran which chunk.
     */
    public static void forEachChunk(int count, ChunkBody body) {
        int chunks = chunkCount(count);
        forEachExample(
                chunks,
                c -> body.accept(c, (int) ((long) count * c / chunks), (int) ((long) count * (c + 1) / chunks)));
    }

    /**
     * {@code dst[dstFrom + c * rows + r] = src[srcFrom + r * cols + c]}, in bands of 64 rows split over the ND4J threads:
     * a transpose between ND4J's memory and Java arrays (wrapped) with no copy of either side first.
     */
    public static void transposeInParallel(
            FloatBuffer src, int srcFrom, int rows, int cols, FloatBuffer dst, int dstFrom) {
        int band = 64;
        forEachExample((rows + band - 1) / band, part -> {
            int r0 = part * band;
            int height = Math.min(rows, r0 + band) - r0;
            // The band in a Java array with one bulk read, then each column's run of 64 written with one bulk write:
            // a buffer's get and put per element cost twice as much (1.9 against 0.9 ms for DigitCaps' W and dL/dW).
            float[] rowsOfBand = floats(TRANSPOSE_BAND_SLOT, height * cols);
            float[] run = floats(TRANSPOSE_RUN_SLOT, height);
            src.get(srcFrom + r0 * cols, rowsOfBand, 0, height * cols);
            for (int c = 0; c < cols; c++) {
                for (int r = 0; r < height; r++) {
                    run[r] = rowsOfBand[r * cols + c];
                }
                dst.put(dstFrom + c * rows + r0, run, 0, height);
            }
        });
    }

    /** Copies {@code length} elements from element {@code from} of dense {@code a} into {@code dst}. */
    public static void read(INDArray a, long from, double[] dst, int length) {
        int at = (int) (a.offset() + from);
        if (a.dataType() == DataType.DOUBLE) {
            a.data().asNioDouble().get(at, dst, 0, length);
        } else {
            FloatBuffer src = a.data().asNioFloat();
            for (int k = 0; k < length; k++) {
                dst[k] = src.get(at + k);
            }
        }
    }

    /** Copies {@code length} elements of {@code src} to element {@code from} of dense {@code a}. */
    public static void write(double[] src, INDArray a, long from, int length) {
        int at = (int) (a.offset() + from);
        if (a.dataType() == DataType.DOUBLE) {
            a.data().asNioDouble().put(at, src, 0, length);
        } else {
            FloatBuffer dst = a.data().asNioFloat();
            for (int k = 0; k < length; k++) {
                dst.put(at + k, (float) src[k]);
            }
        }
    }

    /** Copies {@code length} floats from element {@code from} of dense float {@code a} into {@code dst}. */
    public static void read(INDArray a, long from, float[] dst, int length) {
        a.data().asNioFloat().get((int) (a.offset() + from), dst, 0, length);
    }

    /**
     * The whole data buffer of float {@code a} as a FloatBuffer (element k of dense {@code a} at index
     * {@code a.offset() + k}): one view for many row reads, since every {@link #read} makes a new one (three objects).
     */
    public static FloatBuffer floatBuffer(INDArray a) {
        return a.data().asNioFloat();
    }

    /** Copies {@code length} floats of {@code src} to element {@code from} of dense float {@code a}. */
    public static void write(float[] src, INDArray a, long from, int length) {
        a.data().asNioFloat().put((int) (a.offset() + from), src, 0, length);
    }

    /**
     * This thread's scratch array number {@code slot} (0..15; float slots 14 and 15 are the transposes') with at
     * least {@code length} elements, contents undefined: per-example work reuses a few arrays per thread instead of
     * allocating megabytes per example (which made the JVM's heap, and the process's RSS, grow).
     */
    public static double[] doubles(int slot, int length) {
        double[][] arrays = DOUBLES.get();
        if (arrays[slot] == null || arrays[slot].length < length) {
            arrays[slot] = new double[length];
        }
        return arrays[slot];
    }

    /** The float counterpart of {@link #doubles}. */
    public static float[] floats(int slot, int length) {
        float[][] arrays = FLOATS.get();
        if (arrays[slot] == null || arrays[slot].length < length) {
            arrays[slot] = new float[length];
        }
        return arrays[slot];
    }

    /** One pool for the JVM, sized by the ND4J thread count when first needed (threads are daemons). */
    private static ForkJoinPool pool(int threads) {
        ForkJoinPool p = pool;
        if (p == null || p.getParallelism() != threads) {
            synchronized (HostLoops.class) {
                p = pool;
                if (p == null || p.getParallelism() != threads) {
                    p = new ForkJoinPool(
                            threads,
                            fjp -> {
                                var thread = ForkJoinPool.defaultForkJoinWorkerThreadFactory.newThread(fjp);
                                thread.setDaemon(true);
                                // getPoolIndex() is still 0 here: the pool registers a worker when it starts.
                                thread.setName("capsnet-host-" + WORKERS_STARTED.getAndIncrement());
                                return thread;
                            },
                            null,
                            false);
                    pool = p;
                }
            }
        }
        return p;
    }
}
