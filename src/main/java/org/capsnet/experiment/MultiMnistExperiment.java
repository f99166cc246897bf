package org.capsnet.experiment;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.api.java.JavaSparkContext;
import org.capsnet.InvalidInputException;
import org.capsnet.data.DataSource;
import org.capsnet.io.StoragePath;
import org.capsnet.model.NetworkArchitecture;
import org.capsnet.spark.SparkSessions;
import org.capsnet.train.ProgressBar;

/**
 * The paper's MultiMNIST experiment end to end (Sabour et al. 2017, section 6; `experiment multimnist` in
 * src/site/markdown/commands.md): generate (or reuse) the data in {@code out/data}, train every model of the
 * configuration with the same budget, evaluate each on t10k, and write {@code out/results.json} and
 * {@code out/results.md} ({@link ExperimentResults}) with the figures in {@code out/figures/}
 * ({@link ExperimentFigures}). Each step is skipped when a previous run in the same folder finished it, and an
 * interrupted training resumes from its last checkpoint, so re-running the same command continues where it stopped.
 * {@code out/experiment.json} records the settings; a folder holding another experiment's settings is refused.
 * Progress lines go to {@code console}.
 * <p>
 * Entry points: {@link #run(MultiMnistExperimentConfig, PrintWriter)} starts (and stops) Spark for the
 * configuration's master; {@link #run(MultiMnistExperimentConfig, JavaSparkContext, PrintWriter)} uses a running
 * context (e.g. a notebook's), or none for single-machine training.
 */
public final class MultiMnistExperiment {
    static final String SETTINGS = "experiment.json";

    private MultiMnistExperiment() {}

    /** Runs on this machine (master "none") or on a Spark context started for the configuration's master. */
    public static ExperimentRecords.Results run(MultiMnistExperimentConfig config, PrintWriter console) {
        if (!config.onSpark()) {
            return run(config, null, console);
        }
        JavaSparkContext sc = SparkSessions.start("capsnet-multimnist", config.master());
        try {
            return run(config, sc, console);
        } finally {
            sc.stop();
        }
    }

    /**
     * Runs with a running Spark context (left running), or on this machine when {@code sc} is null. Returns the
     * content of results.json.
     */
    public static ExperimentRecords.Results run(
            MultiMnistExperimentConfig config, JavaSparkContext sc, PrintWriter console) {
        StoragePath out = config.out();
        out.createDirectories();
        checkSettings(config, out);
        int steps = 3 + 2 * config.models().size();
        int step = 0;

        say(
                console,
                ++step,
                steps,
                "data: MultiMNIST from " + config.source() + ", " + config.pairsPerDigit() + " pairs per digit, shift "
                        + config.shift());
        ExperimentData.Prepared data = ExperimentData.prepare(config, out.resolve("data"));
        say(
                console,
                step,
                steps,
                config.onTheFly()
                        ? "data generated on the fly: " + describeSplits(data.record())
                        : "data " + (data.reused() ? "reused" : "generated") + " in " + data.dir() + ": "
                                + describeSplits(data.record()));
        DataSource source = config.data(data.dir());

        List<ModelRun> runs = new ArrayList<>();
        for (NetworkArchitecture arch : config.models()) {
            ModelRun run = new ModelRun(config, arch, out, source);
            runs.add(run);
            say(
                    console,
                    ++step,
                    steps,
                    "train " + arch.family() + " (" + config.training().epochs() + " epochs, "
                            + "batch " + config.training().batchSize()
                            + (sc == null ? ", this machine" : ", Spark " + sc.master()) + ")");
            if (run.trained()) {
                say(
                        console,
                        step,
                        steps,
                        "train " + arch.family() + ": done before, skipped (" + run.modelFile() + ")");
            } else {
                long start = System.nanoTime();
                run.train(sc, ProgressBar.onStderr());
                say(
                        console,
                        step,
                        steps,
                        String.format(
                                Locale.ROOT,
                                "train %s: finished in %.0f s -> %s",
                                arch.family(),
                                (System.nanoTime() - start) / 1e9,
                                run.modelFile()));
            }
            say(console, ++step, steps, "evaluate " + arch.family() + " on t10k");
            boolean before = run.evaluated();
            ExperimentRecords.Evaluation evaluation = before ? run.evaluation() : run.evaluate(sc);
            say(
                    console,
                    step,
                    steps,
                    String.format(
                            Locale.ROOT,
                            "evaluate %s%s: two-digit accuracy %.4f, " + "at least one %.4f on %s images",
                            arch.family(),
                            before ? " (done before, skipped)" : "",
                            evaluation.twoDigitAccuracy(),
                            evaluation.atLeastOneAccuracy(),
                            evaluation.examples()));
        }

        say(console, ++step, steps, "figures");
        List<String> figures = ExperimentFigures.write(out, source, runs, sc);
        say(console, step, steps, "figures: " + String.join(", ", figures));

        say(console, ++step, steps, "results");
        ExperimentRecords.Results results = ExperimentResults.write(config, out, data.record(), runs, figures);
        say(
                console,
                step,
                steps,
                "results written to " + out.resolve(ExperimentResults.JSON) + " and "
                        + out.resolve(ExperimentResults.MARKDOWN));
        return results;
    }

    /** Records the settings on the first run; refuses a folder that holds another experiment's settings. */
    private static void checkSettings(MultiMnistExperimentConfig config, StoragePath out) {
        StoragePath file = out.resolve(SETTINGS);
        ExperimentRecords.Settings identity = config.identity();
        if (file.isFile()) {
            ExperimentRecords.Settings previous = ExperimentJson.read(file, ExperimentRecords.Settings.class);
            if (!previous.equals(identity)) {
                throw new InvalidInputException("--out " + config.out() + " holds an experiment with other settings ("
                        + file + "); use another --out or the same settings to resume");
            }
        } else {
            ExperimentJson.write(file, identity);
        }
    }

    private static String describeSplits(ExperimentRecords.DataRecord record) {
        List<String> parts = new ArrayList<>();
        for (ExperimentRecords.SplitRecord s : record.splits()) {
            parts.add(
                    s.meanOverlapBoxes() != null
                            ? String.format(
                                    Locale.ROOT,
                                    "%s %s pairs (overlap %.1f%%)",
                                    s.split(),
                                    s.pairs(),
                                    100 * s.meanOverlapBoxes())
                            : s.split() + " " + s.pairs() + " pairs");
        }
        return String.join(", ", parts);
    }

    private static void say(PrintWriter console, int step, int steps, String message) {
        console.printf(Locale.ROOT, "[%d/%d] %s%n", step, steps, message);
        console.flush();
    }
}
