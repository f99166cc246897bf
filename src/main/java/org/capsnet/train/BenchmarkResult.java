package org.capsnet.train;

import java.util.LinkedHashMap;
import java.util.Map;
import org.capsnet.model.conv.BlasInfo;

/**
 * One {@link Benchmark} measurement and what produced it.
 *
 * @param imagesPerSecond training images per second (forward, backward and Adam)
 * @param warmup          untimed training steps before the timed ones
 * @param threads         ND4J/OpenMP threads
 * @param flopsPerImage   floating-point operations of one training step per image
 * @param sgemmGflops     best sgemm rate of the PrimaryCaps shape in the same process
 * @param secondsPerStep  wall seconds of one training step
 * @param peakRssMib      peak resident set size of the process (-1 where unknown)
 * @param jitCompileMs    milliseconds the JIT compiler spent compiling during the timed steps (-1 where unknown)
 * @param gcMs            milliseconds of garbage collection during the timed steps
 * @param routings        routing iterations (CapsNet), or null
 * @param layerMs         forward and backward milliseconds of each hidden layer
 * @param blas            CPU, BLAS library, kernels and convolution path
 */
public record BenchmarkResult(
        String family,
        int batchSize,
        int iterations,
        int warmup,
        int threads,
        double imagesPerSecond,
        double flopsPerImage,
        double sgemmGflops,
        double secondsPerStep,
        double peakRssMib,
        long jitCompileMs,
        long gcMs,
        Integer routings,
        Map<String, Double> layerMs,
        BlasInfo blas) {

    /** FLOP rate of training. */
    public double achievedGflops() {
        return imagesPerSecond * flopsPerImage / 1e9;
    }

    /** Model FLOP utilisation: the training FLOP rate against the sgemm rate measured beside it. */
    public double mfu() {
        return achievedGflops() / sgemmGflops;
    }

    /** The JSON object {@code benchmark --json} prints; field names are part of the command-line contract. */
    public Map<String, Object> toJson() {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("train_images_per_sec", imagesPerSecond);
        r.put("batch_size", batchSize);
        r.put("iterations", iterations);
        r.put("threads", threads);
        r.put("gflop_per_image", flopsPerImage / 1e9);
        r.put("achieved_gflops", achievedGflops());
        r.put("sgemm_gflops", sgemmGflops);
        r.put("mfu", mfu());
        r.put("seconds_per_step", secondsPerStep);
        r.put("peak_rss_mib", peakRssMib);
        r.put("warmup_steps", warmup);
        r.put("jit_compile_ms", jitCompileMs);
        r.put("gc_ms", gcMs);
        r.put("family", family);
        if (routings != null) {
            r.put("routings", routings);
        }
        r.put("cpu_model", blas.cpuModel());
        r.put("blas_vendor", blas.vendor());
        r.put("blas_library", blas.library());
        r.put("blas_core", blas.core());
        r.put("blas_core_type_choice", blas.coreTypeChoice());
        r.put("convolution", blas.convolution());
        r.put("omp_wait_policy", blas.openMpWaitPolicy());
        r.put("blas_thread_timeout", blas.blasThreadTimeout());
        r.put("layer_ms", layerMs);
        return r;
    }
}
