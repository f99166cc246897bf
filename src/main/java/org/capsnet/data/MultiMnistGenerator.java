package org.capsnet.data;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.spark.sql.SparkSession;
import org.capsnet.InvalidInputException;
import org.capsnet.io.StoragePath;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * MultiMNIST (Sabour et al. 2017, section 6; `data multimnist` in src/site/markdown/commands.md). For each split
 * (train, t10k) of a standard data set and for each source digit in file order, K pairs with a digit of a different class from the same split (see
 * {@link PairSampler}); both digits padded to 36 x 36 and shifted independently by up to {@code shift} pixels;
 * merged = min(1, a + b) ({@link PairRenderer}). Records are written as they are generated, so memory does not
 * depend on K, and the output is byte-identical for the same source, settings and seed.
 * <p>
 * IDX output in {@code out}: {@code train-images-idx3-ubyte.gz} (N x 36 x 36), {@code train-labels-idx2-ubyte.gz}
 * (N x 2: first digit, second digit), {@code train-sources-idx4-ubyte.gz} (N x 2 x 36 x 36: each digit shifted,
 * alone), and the same with {@code t10k-}; N = K x source digits. Parquet output: see {@link MultiMnistParquet}.
 */
public final class MultiMnistGenerator {
    private static final Logger LOG = LoggerFactory.getLogger(MultiMnistGenerator.class);

    /** Receives each generated pair; {@code merged} and {@code sources} are reused buffers, valid during the call. */
    public interface PairSink {
        void accept(PairSpec pair, int label1, int label2, byte[] merged, byte[] sources);
    }

    private MultiMnistGenerator() {}

    /** {@link #generate(StoragePath, StoragePath, MultiMnistConfig)} between local directories. */
    public static List<SplitReport> generate(Path source, Path out, MultiMnistConfig config) {
        return generate(StoragePath.local(source), StoragePath.local(out), config);
    }

    /**
     * Generates both splits of {@code source} into {@code out} in the configured format; either may be a local
     * path or a Hadoop URI. Parquet is written through the active (or default) SparkSession, which must exist.
     */
    public static List<SplitReport> generate(StoragePath source, StoragePath out, MultiMnistConfig config) {
        if (config.format() == MultiMnistConfig.Format.PARQUET) {
            scala.Option<SparkSession> active = SparkSession.getActiveSession();
            scala.Option<SparkSession> session = active.isDefined() ? active : SparkSession.getDefaultSession();
            if (session.isEmpty()) {
                throw new IllegalStateException("Parquet MultiMNIST needs a running SparkSession");
            }
            return generate(source, out, config, session.get());
        }
        return generate(source, out, config, null);
    }

    /**
     * {@link #generate(StoragePath, StoragePath, MultiMnistConfig)} with the Spark session that writes Parquet
     * (left running; unused, and may be null, for IDX).
     */
    public static List<SplitReport> generate(
            StoragePath source, StoragePath out, MultiMnistConfig config, SparkSession spark) {
        checkPaths(source, out, config);
        if (config.cropsSomeDigits()) {
            LOG.warn(
                    "--shift {} is larger than the padding {}: digits shifted that far lose the pixels that leave the "
                            + "canvas (at most {} is allowed)",
                    config.shift(),
                    config.pad(),
                    MultiMnistConfig.maxShift(config.pad()));
        }
        try {
            out.createDirectories();
        } catch (UncheckedIOException e) {
            throw new InvalidInputException(out + ": cannot create --out directory (" + e.getMessage() + ")", e);
        }
        if (config.format() == MultiMnistConfig.Format.PARQUET) {
            return MultiMnistParquet.write(spark, source, out, config);
        }
        List<SplitReport> reports = new ArrayList<>();
        for (Split split : new Split[] {Split.TRAIN, Split.TEST}) {
            SourceDigits digits = SourceDigits.load(source, split);
            int n = pairCount(digits, config);
            PairRenderer renderer = new PairRenderer(digits, config.pad());
            try (MultiMnistIdxSink sink =
                    new MultiMnistIdxSink(out, split, n, renderer.canvasHeight(), renderer.canvasWidth())) {
                reports.add(generate(digits, split, config, sink));
                sink.commit();
            } catch (UncheckedIOException e) {
                throw new InvalidInputException(out + ": cannot write MultiMNIST files (" + e.getMessage() + ")", e);
            }
        }
        return reports;
    }

    /**
     * Fails with one line naming both options, before any work, when {@code source} is not a directory or when
     * writing the output into {@code out} would overwrite or delete source files: {@code out} is the source
     * directory (however it is spelt: relative, with {@code ..}, through a symbolic link), or the source lies inside
     * one of the output data sets (Parquet replaces {@code out/train.parquet} whole). An {@code out} inside the
     * source directory is fine: the outputs go to other files.
     */
    public static void checkPaths(StoragePath source, StoragePath out, MultiMnistConfig config) {
        if (!source.isDirectory()) {
            throw new InvalidInputException(source + ": --source directory not found");
        }
        String from = canonical(source);
        String to = canonical(out);
        if (from.equals(to)) {
            throw new InvalidInputException("--out " + out + " is the same directory as --source " + source
                    + ": the MultiMNIST files would overwrite the source data");
        }
        if (config.format() == MultiMnistConfig.Format.PARQUET) {
            for (Split split : Split.values()) {
                String written = to + "/" + MultiMnistParquet.directoryName(split);
                if (from.equals(written) || from.startsWith(written + "/")) {
                    throw new InvalidInputException("--source " + source + " is inside the output " + written
                            + " of --out " + out + ": writing it would delete the source data");
                }
            }
        }
    }

    /**
     * A directory as one comparable string: for the local disk the absolute path with links resolved (of its
     * nearest existing ancestor, when it does not exist yet); else the normalised URI, without a trailing slash.
     */
    private static String canonical(StoragePath dir) {
        if (!dir.isLocal()) {
            String u = dir.uri().normalize().toString();
            return u.endsWith("/") ? u.substring(0, u.length() - 1) : u;
        }
        Path p = dir.localPath().toAbsolutePath().normalize();
        Path existing = p;
        while (existing != null && !Files.exists(existing)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            return p.toString();
        }
        try {
            return existing.toRealPath().resolve(existing.relativize(p)).toString();
        } catch (IOException e) {
            return p.toString();
        }
    }

    /** Generates one split into {@code sink}, in source order, and returns its counts and overlap. */
    public static SplitReport generate(SourceDigits digits, Split split, MultiMnistConfig config, PairSink sink) {
        pairCount(digits, config);
        PairSampler sampler =
                new PairSampler(labels(digits), config.pairsPerDigit(), config.shift(), config.seed(), split);
        PairRenderer renderer = new PairRenderer(digits, config.pad());
        OverlapStats overlap = new OverlapStats(digits);
        int area = renderer.canvasHeight() * renderer.canvasWidth();
        byte[] merged = new byte[area];
        byte[] sources = new byte[2 * area];
        for (int i = 0; i < digits.size(); i++) {
            for (PairSpec pair : sampler.pairsFor(i)) {
                renderer.render(pair, merged, sources);
                overlap.add(pair);
                sink.accept(pair, digits.label(pair.first()), digits.label(pair.second()), merged, sources);
            }
        }
        return new SplitReport(split, digits.size(), overlap.pairs(), overlap.meanNominal(), overlap.meanInk());
    }

    static int[] labels(SourceDigits digits) {
        int[] l = new int[digits.size()];
        for (int i = 0; i < l.length; i++) {
            l[i] = digits.label(i);
        }
        return l;
    }

    static int pairCount(SourceDigits digits, MultiMnistConfig config) {
        long n = (long) digits.size() * config.pairsPerDigit();
        if (n > Integer.MAX_VALUE) {
            throw new InvalidInputException("--pairs-per-digit " + config.pairsPerDigit() + " gives " + n
                    + " pairs, more than an IDX file can count (" + Integer.MAX_VALUE + ")");
        }
        return (int) n;
    }
}
