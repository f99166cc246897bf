package org.capsnet.train;

import org.capsnet.model.NetworkArchitecture;
import org.capsnet.model.CapsNetConfig;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.Adam;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Measures training throughput of a network (the paper's CapsNet by default) on this machine: images per second of
 * full training steps (forward, backward, Adam) after warm-up, the FLOP rate this implies, and MFU against the
 * sgemm rate measured in the same process on the PrimaryCaps gemm shape (a CapsNet) or a [32B x 2048] x
 * [2048 x 256] one (other families).
 */
public final class Benchmark {
    private final NetworkArchitecture arch;
    private final int batchSize;
    private final int iterations;
    private final int warmup;

    public Benchmark(NetworkArchitecture arch, int batchSize, int iterations, int warmup) {
        this.arch = arch;
        this.batchSize = batchSize;
        this.iterations = iterations;
        this.warmup = warmup;
    }

    public Map<String, Object> run() {
        ComputationGraph graph = arch.create(new Adam(1e-3), 1, DataType.FLOAT);
        Nd4j.getRandom().setSeed(1);
        int pixels = arch.inputSize() * arch.inputSize();
        INDArray images = Nd4j.rand(DataType.FLOAT, batchSize, pixels);
        INDArray classes = Nd4j.zeros(DataType.FLOAT, batchSize, 1);
        for (int i = 0; i < batchSize; i++) {
            classes.putScalar(i, 0, i % arch.numClasses());
        }
        MultiDataSet batch = arch.trainingBatch(images, classes, null);
        for (int i = 0; i < warmup; i++) {
            graph.fit(batch);
        }
        long start = System.nanoTime();
        for (int i = 0; i < iterations; i++) {
            graph.fit(batch);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        double imagesPerSecond = (double) iterations * batchSize / seconds;
        double flopPerImage = arch.trainingFlopsPerImage();
        double achievedGflops = imagesPerSecond * flopPerImage / 1e9;
        double sgemmGflops = sgemmGflops();

        Map<String, Object> r = new LinkedHashMap<>();
        r.put("train_images_per_sec", imagesPerSecond);
        r.put("batch_size", batchSize);
        r.put("iterations", iterations);
        r.put("threads", Nd4j.getExecutioner().getEnvironmentInformation().get("omp.threads"));
        r.put("gflop_per_image", flopPerImage / 1e9);
        r.put("achieved_gflops", achievedGflops);
        r.put("sgemm_gflops", sgemmGflops);
        r.put("mfu", achievedGflops / sgemmGflops);
        r.put("seconds_per_step", seconds / iterations);
        r.put("peak_rss_mib", peakResidentMiB());
        r.put("family", arch.family());
        if (arch instanceof CapsNetConfig capsNet) {
            r.put("routings", capsNet.routings());
        }
        r.put("layer_ms", LayerProfile.measure(graph, batch.getFeatures(), 3));
        return r;
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
