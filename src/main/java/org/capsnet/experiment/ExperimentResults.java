package org.capsnet.experiment;

import org.capsnet.io.StoragePath;
import org.capsnet.train.Versions;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * The results folder's summary: {@value #JSON} (everything: settings, data and overlap statistics, per model the
 * error rates, parameter count, training time and images/s, the per-epoch metrics, versions, the command) and
 * {@value #MARKDOWN} (the same as tables). Error rates are 1 - accuracy: two-digit (both digits right, as a set)
 * and at-least-one. Training time is the sum of the epochs' fitting times, over resumed runs too.
 */
final class ExperimentResults {
    static final String JSON = "results.json";
    static final String MARKDOWN = "results.md";

    private ExperimentResults() {
    }

    static Map<String, Object> write(MultiMnistExperimentConfig config, StoragePath out, Map<String, Object> data,
            List<ModelRun> runs, List<String> figures) {
        Map<String, Object> results = new LinkedHashMap<>();
        results.put("experiment", "multimnist");
        results.put("command", config.command());
        results.put("master", config.master());
        results.put("settings", config.identity());
        results.put("data", data);
        List<Map<String, Object>> models = new ArrayList<>();
        for (ModelRun run : runs) {
            models.add(model(run));
        }
        results.put("models", models);
        results.put("figures", figures);
        results.put("versions", Versions.current());
        results.put("written_at", Instant.now().toString());
        Map<String, Object> normalised = ExperimentJson.roundTrip(results);
        ExperimentJson.write(out.resolve(JSON), normalised);
        String md = markdown(normalised);
        out.resolve(MARKDOWN).writeAtomically(o -> o.write(md.getBytes(StandardCharsets.UTF_8)));
        return normalised;
    }

    private static Map<String, Object> model(ModelRun run) {
        Map<String, Object> e = run.evaluation();
        List<Map<String, Object>> epochs = lastPerEpoch(run.metrics());
        double seconds = 0;
        double examples = 0;
        for (Map<String, Object> r : epochs) {
            seconds += MultiMnistExperiment.number(r, "seconds");
            examples += MultiMnistExperiment.number(r, "examples");
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("family", e.get("family"));
        m.put("architecture", e.get("architecture"));
        m.put("parameters", e.get("parameters"));
        m.put("epochs", e.get("epochs"));
        m.put("test_examples", e.get("examples"));
        double twoDigit = MultiMnistExperiment.number(e, "two_digit_accuracy");
        double atLeastOne = MultiMnistExperiment.number(e, "at_least_one_accuracy");
        m.put("two_digit_accuracy", twoDigit);
        m.put("at_least_one_accuracy", atLeastOne);
        m.put("two_digit_error", 1 - twoDigit);
        m.put("at_least_one_error", 1 - atLeastOne);
        m.put("training_seconds", seconds);
        m.put("train_images_per_sec", seconds > 0 ? examples / seconds : Double.NaN);
        m.put("final_train_loss", epochs.isEmpty() ? Double.NaN
                : MultiMnistExperiment.number(epochs.get(epochs.size() - 1), "train_loss"));
        m.put("model_file", run.modelFile().toString());
        m.put("epoch_metrics", epochs);
        return m;
    }

    /** One record per epoch in epoch order, the last one written for an epoch (a re-run epoch replaces it). */
    static List<Map<String, Object>> lastPerEpoch(List<Map<String, Object>> records) {
        Map<Integer, Map<String, Object>> byEpoch = new TreeMap<>();
        for (Map<String, Object> r : records) {
            byEpoch.put(((Number) r.get("epoch")).intValue(), r);
        }
        return new ArrayList<>(byEpoch.values());
    }

    @SuppressWarnings("unchecked")
    static String markdown(Map<String, Object> r) {
        StringBuilder md = new StringBuilder();
        md.append("# MultiMNIST: CapsNet against the baseline CNN\n\n");
        md.append("Command: `").append(r.get("command")).append("`\n\n");
        md.append("| model | parameters | two-digit error | at-least-one error | epochs | training time (s) "
                + "| images/s | final train loss |\n");
        md.append("|---|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Map<String, Object> m : (List<Map<String, Object>>) r.get("models")) {
            md.append(String.format(Locale.ROOT, "| %s | %,d | %.2f%% | %.2f%% | %s | %.0f | %.1f | %.4f |%n",
                    m.get("family"), ((Number) m.get("parameters")).longValue(),
                    100 * MultiMnistExperiment.number(m, "two_digit_error"),
                    100 * MultiMnistExperiment.number(m, "at_least_one_error"), m.get("epochs"),
                    MultiMnistExperiment.number(m, "training_seconds"),
                    MultiMnistExperiment.number(m, "train_images_per_sec"),
                    MultiMnistExperiment.number(m, "final_train_loss")));
        }
        md.append("\nPaper (60M training pairs): CapsNet 5.2% two-digit error, baseline CNN 8.1%.\n\n");
        Map<String, Object> data = (Map<String, Object>) r.get("data");
        md.append("## Data\n\n");
        md.append(String.format(Locale.ROOT, "Source `%s`, %s pairs per digit, shift up to %s px, seed %s.%n%n",
                data.get("source"), data.get("pairs_per_digit"), data.get("shift"), data.get("seed")));
        md.append("| split | source digits | pairs | mean overlap (20x20 boxes) | mean overlap (ink boxes) |\n");
        md.append("|---|---:|---:|---:|---:|\n");
        for (Map<String, Object> s : (List<Map<String, Object>>) data.get("splits")) {
            md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %s |%n", s.get("split"),
                    s.get("source_digits"), s.get("pairs"), percent(s, "mean_overlap_20x20_boxes"),
                    percent(s, "mean_overlap_ink_boxes")));
        }
        md.append("\n## Models\n\n");
        for (Map<String, Object> m : (List<Map<String, Object>>) r.get("models")) {
            md.append("- ").append(m.get("family")).append(": `").append(m.get("architecture")).append("`\n");
        }
        Map<String, Object> settings = (Map<String, Object>) r.get("settings");
        md.append("\nTraining (the same for every model): `").append(settings.get("training")).append("`; master `")
                .append(r.get("master")).append("`.\n\n");
        List<String> figures = (List<String>) r.get("figures");
        if (figures != null && !figures.isEmpty()) {
            md.append("## Figures\n\n");
            for (String f : figures) {
                md.append("![").append(f).append("](").append(f).append(")\n\n");
            }
        }
        md.append("## Versions\n\n");
        for (Map.Entry<String, Object> v : ((Map<String, Object>) r.get("versions")).entrySet()) {
            md.append("- ").append(v.getKey()).append(": ").append(v.getValue()).append('\n');
        }
        md.append("\nWritten ").append(r.get("written_at")).append(".\n");
        return md.toString();
    }

    /** A fraction as a percentage, or a note where it was not measured (pairs generated on the fly). */
    private static String percent(Map<String, Object> record, String key) {
        double v = MultiMnistExperiment.number(record, key);
        return Double.isNaN(v) ? "not measured (on the fly)" : String.format(Locale.ROOT, "%.1f%%", 100 * v);
    }
}
