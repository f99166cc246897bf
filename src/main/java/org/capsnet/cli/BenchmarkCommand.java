package org.capsnet.cli;

import org.capsnet.InvalidInputException;
import org.capsnet.model.CapsNetConfig;
import org.capsnet.train.Benchmark;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code benchmark}: training images/s of the paper's CapsNet on this machine, FLOP rate and MFU. */
@Command(name = "benchmark", mixinStandardHelpOptions = true,
        description = "Measure training throughput (images/s), achieved GFLOP/s and MFU on this machine.")
public class BenchmarkCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--batch-size", defaultValue = "32", paramLabel = "B", description = "Minibatch size.")
    int batchSize;

    @Option(names = "--iterations", defaultValue = "20", paramLabel = "N", description = "Timed training steps.")
    int iterations;

    @Option(names = "--warmup", defaultValue = "3", paramLabel = "N", description = "Untimed steps first.")
    int warmup;

    @Option(names = "--routings", defaultValue = "3", paramLabel = "R", description = "Routing iterations.")
    int routings;

    @Option(names = "--input-size", defaultValue = "28", paramLabel = "S",
            description = "Image side: 28 for MNIST, 36 for MultiMNIST.")
    int inputSize;

    @Mixin
    JsonOption json;

    @Override
    public Integer call() {
        if (batchSize < 1 || iterations < 1 || warmup < 0) {
            throw new InvalidInputException("--batch-size and --iterations must be >= 1 and --warmup >= 0");
        }
        CapsNetConfig arch = CapsNetConfig.builder().routings(routings).inputSize(inputSize).build();
        Map<String, Object> r = new Benchmark(arch, batchSize, iterations, warmup).run();
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "%.1f images/s (batch %d, %s threads): %.1f GFLOP/s achieved, sgemm %.1f GFLOP/s,"
                        + " MFU %.2f, peak RSS %.0f MiB%n", r.get("train_images_per_sec"), batchSize, r.get("threads"),
                r.get("achieved_gflops"), r.get("sgemm_gflops"), r.get("mfu"), r.get("peak_rss_mib"));
        json.print(out, r);
        return CapsNetMain.EXIT_OK;
    }
}
