package org.capsnet.experiment;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import org.capsnet.experiment.ExperimentRecords.DataRecord;
import org.capsnet.experiment.ExperimentRecords.ModelResult;
import org.capsnet.experiment.ExperimentRecords.Results;
import org.capsnet.experiment.ExperimentRecords.SplitRecord;
import org.capsnet.io.StoragePath;
import org.capsnet.train.EpochRecord;
import org.capsnet.train.Versions;

/**
 * The results folder's summary: {@value #JSON} (everything: settings, data and overlap statistics, per model the
 * error rates, parameter count, training time and images/s, the per-epoch metrics, versions, the command) and
 * {@value #MARKDOWN} (the same as tables). Error rates are 1 - accuracy: two-digit (both digits right, as a set)
 * and at-least-one. Training time is the sum of the epochs' fitting times, over resumed runs too.
 */
final class ExperimentResults {
    static final String JSON = "results.json";
    static final String MARKDOWN = "results.md";

    private ExperimentResults() {}

    static Results write(
            MultiMnistExperimentConfig config,
            StoragePath out,
            DataRecord data,
            List<ModelRun> runs,
            List<String> figures) {
        List<ModelResult> models = new ArrayList<>();
        for (ModelRun run : runs) {
            models.add(ModelResult.of(run.evaluation(), run.modelFile().toString(), lastPerEpoch(run.metrics())));
        }
        Results results = new Results(
                "multimnist",
                config.command(),
                config.master(),
                config.identity(),
                data,
                models,
                List.copyOf(figures),
                Versions.current(),
                Instant.now().toString());
        ExperimentJson.write(out.resolve(JSON), results);
        String md = markdown(results);
        out.resolve(MARKDOWN).writeAtomically(o -> o.write(md.getBytes(StandardCharsets.UTF_8)));
        return results;
    }

    /** One record per epoch in epoch order, the last one written for an epoch (a re-run epoch replaces it). */
    static List<EpochRecord> lastPerEpoch(List<EpochRecord> records) {
        Map<Integer, EpochRecord> byEpoch = new TreeMap<>();
        for (EpochRecord r : records) {
            byEpoch.put(r.epoch(), r);
        }
        return new ArrayList<>(byEpoch.values());
    }

    static String markdown(Results r) {
        StringBuilder md = new StringBuilder();
        md.append("# MultiMNIST: CapsNet against the baseline CNN\n\n");
        md.append("Command: `").append(r.command()).append("`\n\n");
        md.append("| model | parameters | two-digit error | at-least-one error | epochs | training time (s) "
                + "| images/s | final train loss |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|---:|\n");
        for (ModelResult m : r.models()) {
            md.append(String.format(
                    Locale.ROOT,
                    "| %s | %,d | %.2f%% | %.2f%% | %s | %.0f | %.1f | %.4f |%n",
                    m.family(),
                    m.parameters(),
                    100 * m.twoDigitError(),
                    100 * m.atLeastOneError(),
                    m.epochs(),
                    m.trainingSeconds(),
                    m.trainImagesPerSec(),
                    m.finalTrainLoss()));
        }
        md.append("\nPaper (60M training pairs): CapsNet 5.2% two-digit error, baseline CNN 8.1%.\n\n");
        DataRecord data = r.data();
        md.append("## Data\n\n");
        md.append(String.format(
                Locale.ROOT,
                "Source `%s`, %s pairs per digit, shift up to %s px, seed %s.%n%n",
                data.source(),
                data.pairsPerDigit(),
                data.shift(),
                data.seed()));
        md.append("| split | source digits | pairs | mean overlap (20x20 boxes) | mean overlap (ink boxes) |\n");
        md.append("|---|---:|---:|---:|---:|\n");
        for (SplitRecord s : data.splits()) {
            md.append(String.format(
                    Locale.ROOT,
                    "| %s | %s | %s | %s | %s |%n",
                    s.split(),
                    s.sourceDigits(),
                    s.pairs(),
                    percent(s.meanOverlapBoxes()),
                    percent(s.meanOverlapInk())));
        }
        md.append("\n## Models\n\n");
        for (ModelResult m : r.models()) {
            md.append("- ")
                    .append(m.family())
                    .append(": `")
                    .append(m.architecture())
                    .append("`\n");
        }
        md.append("\nTraining (the same for every model): `")
                .append(r.settings().training())
                .append("`; master `")
                .append(r.master())
                .append("`.\n\n");
        if (!r.figures().isEmpty()) {
            md.append("## Figures\n\n");
            for (String f : r.figures()) {
                md.append("![").append(f).append("](").append(f).append(")\n\n");
            }
        }
        md.append("## Versions\n\n");
        for (Map.Entry<String, String> v : r.versions().entrySet()) {
            md.append("- ").append(v.getKey()).append(": ").append(v.getValue()).append('\n');
        }
        md.append("\nWritten ").append(r.writtenAt()).append(".\n");
        return md.toString();
    }

    /** A fraction as a percentage, or a note where it was not measured (pairs generated on the fly). */
    private static String percent(Double fraction) {
        return fraction == null || Double.isNaN(fraction)
                ? "not measured (on the fly)"
                : String.format(Locale.ROOT, "%.1f%%", 100 * fraction);
    }
}
