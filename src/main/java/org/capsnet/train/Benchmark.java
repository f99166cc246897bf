package org.capsnet.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.capsnet.model.CapsNetConfig;
import org.capsnet.model.NetworkArchitecture;
import org.capsnet.model.conv.BlasInfo;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Measures training throughput of a network (the paper's CapsNet by default) on this machine: images per second of
 * full training steps (forward, backward, Adam) after warm-up, the FLOP rate this implies, the JVM's compiling and
 * garbage collection during those steps, and MFU against the sgemm rate measured in the same process on the
 * PrimaryCaps gemm shape (a CapsNet) or a [32B x 2048] x [2048 x 256] one (other families).
 */
public final class Benchmark {
    private final NetworkArchitecture arch;
    private final int batchSize;
    private final int iterations;
    private final int warmup;
    private final int digitsPerImage;

    /** {@code digitsPerImage} 2 measures MultiMNIST training (two labels and two source images per example). */
    public Benchmark(NetworkArchitecture arch, int digitsPerImage, int batchSize, int iterations, int warmup) {
        this.arch = arch.withDigitsPerImage(digitsPerImage);
        this.digitsPerImage = digitsPerImage;
        this.batchSize = batchSize;
        this.iterations = iterations;
        this.warmup = warmup;
    }

    public BenchmarkResult run() {
        ComputationGraph graph = arch.create(HostAdam.of(1e-3), 1, DataType.FLOAT);
        Nd4j.getRandom().setSeed(1);
        int pixels = arch.inputSize() * arch.inputSize();
        INDArray images = Nd4j.rand(DataType.FLOAT, batchSize, pixels);
        INDArray classes = Nd4j.zeros(DataType.FLOAT, batchSize, digitsPerImage);
        for (int i = 0; i < batchSize; i++) {
            for (int d = 0; d < digitsPerImage; d++) {
                classes.putScalar(i, d, (i + d) % arch.numClasses()); // different classes in one image
            }
        }
        INDArray sources =
                digitsPerImage == 1 ? null : Nd4j.rand(DataType.FLOAT, batchSize, (long) digitsPerImage * pixels);
        MultiDataSet batch = arch.trainingBatch(images, classes, sources);
        for (int i = 0; i < warmup; i++) {
            graph.fit(batch);
        }
        JvmActivity before = JvmActivity.now();
        long start = System.nanoTime();
        for (int i = 0; i < iterations; i++) {
            graph.fit(batch);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        JvmActivity duringTimedSteps = JvmActivity.now().since(before);
        double imagesPerSecond = (double) iterations * batchSize / seconds;
        double flopPerImage = arch.trainingFlopsPerImage();
        double sgemmGflops = sgemmGflops();

        int threads = Integer.parseInt(
                String.valueOf(Nd4j.getExecutioner().getEnvironmentInformation().get("omp.threads")));
        Integer routings = arch instanceof CapsNetConfig capsNet ? capsNet.routings() : null;
        return new BenchmarkResult(
                arch.family(),
                batchSize,
                iterations,
                warmup,
                threads,
                imagesPerSecond,
                flopPerImage,
                sgemmGflops,
                seconds / iterations,
                peakResidentMiB(),
                duringTimedSteps.compileMs(),
                duringTimedSteps.gcMs(),
                routings,
                LayerProfile.measure(graph, batch.getFeatures(), 3),
                BlasInfo.current());
    }

    /** Best of several float32 sgemms of the PrimaryCaps shape [B*36 x 20736] x [20736 x 256] (a CapsNet). */
    double sgemmGflops() {
        long m = 32L * batchSize;
        long k = 2048;
        long n = 256;
        if (arch instanceof CapsNetConfig c) {
            m = (long) batchSize * c.primaryGridSize() * c.primaryGridSize();
            k = (long) c.primaryKernel() * c.primaryKernel() * c.conv1Channels();
            n = (long) c.primaryCapsuleChannels() * c.primaryCapsuleDim();
        }
        INDArray a = Nd4j.rand(DataType.FLOAT, m, k);
        INDArray b = Nd4j.rand(DataType.FLOAT, k, n);
        INDArray c = Nd4j.create(DataType.FLOAT, m, n);
        double best = Double.MAX_VALUE;
        for (int i = 0; i < 6; i++) {
            long t = System.nanoTime();
            Nd4j.gemm(a, b, c, false, false, 1.0, 0.0);
            best = Math.min(best, (System.nanoTime() - t) / 1e9);
        }
        return 2.0 * m * k * n / best / 1e9;
    }

    /** Peak resident set size of this process (VmHWM), or -1 where /proc is not available. */
    static double peakResidentMiB() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return -1;
        }
        return -1;
    }
}
