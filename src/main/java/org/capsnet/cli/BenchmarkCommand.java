package org.capsnet.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.capsnet.InvalidInputException;
import org.capsnet.data.ExampleSets;
import org.capsnet.data.MultiMnistConfig;
import org.capsnet.data.Split;
import org.capsnet.io.StoragePath;
import org.capsnet.model.CapsNetConfig;
import org.capsnet.model.NetworkArchitecture;
import org.capsnet.train.Benchmark;
import org.capsnet.train.BenchmarkResult;
import org.capsnet.train.PairRenderingBenchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code benchmark}: training images/s of the paper's CapsNet on this machine, FLOP rate and MFU. */
@Command(
        name = "benchmark",
        mixinStandardHelpOptions = true,
        description = "Measure training throughput (images/s), achieved GFLOP/s and MFU on this machine.")
public class BenchmarkCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--batch-size", defaultValue = "32", paramLabel = "B", description = "Minibatch size.")
    int batchSize;

    @Option(names = "--iterations", defaultValue = "20", paramLabel = "N", description = "Timed training steps.")
    int iterations;

    @Option(
            names = "--warmup",
            defaultValue = "150",
            paramLabel = "N",
            description = "Untimed steps first: the JIT compiles the SIMD loops in about 15 steps and the rest of a"
                    + " step's Java (DL4J, ND4J) over the first 150 or so, taking a core from training while it does.")
    int warmup;

    @Option(names = "--routings", defaultValue = "3", paramLabel = "R", description = "Routing iterations.")
    int routings;

    @Option(
            names = "--input-size",
            defaultValue = "28",
            paramLabel = "S",
            description = "Image side: 28 for MNIST, 36 for MultiMNIST.")
    int inputSize;

    @Option(
            names = "--architecture",
            defaultValue = "capsnet",
            paramLabel = "NAME",
            completionCandidates = Architectures.Names.class,
            description = "Network family: ${COMPLETION-CANDIDATES} (default ${DEFAULT-VALUE}).")
    String architecture;

    @Mixin
    EmSizesOption emSizes;

    @Option(
            names = "--digits-per-image",
            defaultValue = "1",
            paramLabel = "K",
            description = "1 for MNIST, 2 for MultiMNIST training (two labels, the decoder run per digit).")
    int digitsPerImage;

    @Mixin
    JsonOption json;

    @Option(
            names = "--multimnist-from",
            paramLabel = "DIR",
            description = "Also measure on-the-fly MultiMNIST: pairs rendered per second by one thread from the "
                    + "single-digit training split in DIR (1,000 pairs per digit, as the paper).")
    StoragePath multiMnistFrom;

    @Override
    public Integer call() {
        if (batchSize < 1 || iterations < 1 || warmup < 0) {
            throw new InvalidInputException("--batch-size and --iterations must be >= 1 and --warmup >= 0");
        }
        if (digitsPerImage < 1 || digitsPerImage > 2) {
            throw new InvalidInputException("--digits-per-image must be 1 or 2, got " + digitsPerImage);
        }
        NetworkArchitecture arch = emSizes.apply(Architectures.named(
                        architecture, CapsNetConfig.builder().routings(routings).build()))
                .withInputSize(inputSize);
        BenchmarkResult r = new Benchmark(arch, digitsPerImage, batchSize, iterations, warmup).run();
        Map<String, Object> json = r.toJson();
        PrintWriter out = spec.commandLine().getOut();
        if (multiMnistFrom != null) {
            double pairs = PairRenderingBenchmark.examplesPerSecond(
                    ExampleSets.pairs(multiMnistFrom, Split.TRAIN, MultiMnistConfig.paper(1000, 1)), 100, 50);
            json.put("multimnist_pairs_per_sec", pairs);
            out.printf(Locale.ROOT, "%.0f MultiMNIST pairs/s rendered by one thread (1000 pairs per digit)%n", pairs);
        }
        out.printf(
                Locale.ROOT,
                "%.1f images/s (batch %d, %d threads): %.1f GFLOP/s achieved, sgemm %.1f GFLOP/s,"
                        + " MFU %.2f, peak RSS %.0f MiB; after %d warm-up steps, the timed ones had %s ms of JIT"
                        + " compiling and %d ms of GC%n",
                r.imagesPerSecond(),
                batchSize,
                r.threads(),
                r.achievedGflops(),
                r.sgemmGflops(),
                r.mfu(),
                r.peakRssMib(),
                r.warmup(),
                r.jitCompileMs() < 0 ? "unknown" : Long.toString(r.jitCompileMs()),
                r.gcMs());
        out.printf(
                Locale.ROOT,
                "%s; %s, kernels %s, core type %s; %s; OMP_WAIT_POLICY %s; OPENBLAS_THREAD_TIMEOUT %s%n",
                r.blas().cpuModel(),
                r.blas().library(),
                r.blas().core(),
                r.blas().coreTypeChoice(),
                r.blas().convolution(),
                r.blas().openMpWaitPolicy(),
                r.blas().blasThreadTimeout());
        this.json.print(out, json);
        return CapsNetMain.EXIT_OK;
    }
}
