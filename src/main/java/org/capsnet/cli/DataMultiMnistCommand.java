package org.capsnet.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.capsnet.InvalidInputException;
import org.capsnet.data.MultiMnistConfig;
import org.capsnet.data.MultiMnistGenerator;
import org.capsnet.data.SplitReport;
import org.capsnet.io.StoragePath;
import org.capsnet.spark.SparkSessions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code capsnet data multimnist --source DIR --out DIR [--pairs-per-digit K] [--shift 4] [--seed S]
 * [--format idx|parquet] [--master URL]}: generates MultiMNIST from a standard data set; prints one line per split
 * (pairs and mean overlap) and a final overall line. Parquet is written on a Spark context started by
 * {@link SparkSessions} on {@code --master} (spark-submit's master wins).
 */
@Command(
        name = "multimnist",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Generate MultiMNIST (two overlapping digits of different classes, 36x36) from a data set.")
final class DataMultiMnistCommand implements Callable<Integer> {
    @Option(
            names = "--source",
            required = true,
            paramLabel = "DIR",
            description = "Standard MNIST-style data set (a local path or a Hadoop URI).")
    StoragePath source;

    @Option(
            names = "--out",
            required = true,
            paramLabel = "DIR",
            description = "Output directory (a local path or a Hadoop URI).")
    StoragePath out;

    @Option(
            names = "--pairs-per-digit",
            paramLabel = "K",
            description = "Pairs generated for each source digit (default: ${DEFAULT-VALUE}, as in the paper).")
    int pairsPerDigit = MultiMnistConfig.PAPER.pairsPerDigit();

    @Option(
            names = "--shift",
            paramLabel = "PX",
            description = "Maximum shift of each digit in each direction (default: ${DEFAULT-VALUE}).")
    int shift = MultiMnistConfig.PAPER.shift();

    @Option(names = "--seed", paramLabel = "S", description = "Random seed (default: ${DEFAULT-VALUE}).")
    long seed = MultiMnistConfig.PAPER.seed();

    @Option(
            names = "--format",
            paramLabel = "idx|parquet",
            defaultValue = "idx",
            description =
                    "Output format: idx (gzip IDX files) or parquet (Spark data sets) (default: ${DEFAULT-VALUE}).")
    String format;

    @Option(
            names = "--master",
            defaultValue = "local[*]",
            paramLabel = "URL",
            description = "Spark master that writes --format parquet: local[*], local[N], spark://HOST:PORT, yarn, "
                    + "k8s://...; under spark-submit its master wins (default ${DEFAULT-VALUE}).")
    String master;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        MultiMnistConfig.Format f = switch (format.toLowerCase(Locale.ROOT)) {
            case "idx" -> MultiMnistConfig.Format.IDX;
            case "parquet" -> MultiMnistConfig.Format.PARQUET;
            default -> throw new InvalidInputException("--format must be idx or parquet, got '" + format + "'");
        };
        MultiMnistConfig config = new MultiMnistConfig(pairsPerDigit, shift, MultiMnistConfig.PAPER.pad(), seed, f);
        MultiMnistGenerator.checkPaths(source, out, config);
        List<SplitReport> reports = f == MultiMnistConfig.Format.PARQUET
                ? onSpark(config)
                : MultiMnistGenerator.generate(source, out, config);
        PrintWriter stdout = spec.commandLine().getOut();
        long pairs = 0;
        double nominal = 0;
        double ink = 0;
        for (SplitReport r : reports) {
            stdout.println(r.describe());
            pairs += r.pairs();
            nominal += r.meanNominalOverlap() * r.pairs();
            ink += r.meanInkOverlap() * r.pairs();
        }
        stdout.printf(
                Locale.ROOT,
                "total: %d pairs written to %s; mean overlap %.1f%% (20x20 boxes), %.1f%% (ink boxes)%n",
                pairs,
                out,
                100 * nominal / Math.max(1, pairs),
                100 * ink / Math.max(1, pairs));
        stdout.flush();
        return CapsNetMain.EXIT_OK;
    }

    private List<SplitReport> onSpark(MultiMnistConfig config) {
        if (master.isBlank() || "none".equals(master)) {
            throw new InvalidInputException(
                    "--master must be a Spark master for --format parquet, got '" + master + "'");
        }
        JavaSparkContext sc = SparkSessions.start("capsnet-multimnist", master);
        try {
            SparkSession spark = SparkSession.builder().sparkContext(sc.sc()).getOrCreate();
            return MultiMnistGenerator.generate(source, out, config, spark);
        } finally {
            try {
                sc.stop();
            } finally {
                SparkSession.clearActiveSession();
                SparkSession.clearDefaultSession();
            }
        }
    }
}
