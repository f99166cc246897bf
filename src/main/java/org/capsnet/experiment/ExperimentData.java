package org.capsnet.experiment;

import org.capsnet.data.ExampleSets;
import org.capsnet.data.GeneratedPairs;
import org.capsnet.data.MultiMnistGenerator;
import org.capsnet.data.Split;
import org.capsnet.data.SplitReport;
import org.capsnet.io.StoragePath;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Step 1: the MultiMNIST data in {@code out/data} (IDX), generated from the source data set or reused when a
 * previous run finished generating it ({@value #MARKER} is written last and records the settings and the
 * generator's counts and overlap statistics per split).
 */
final class ExperimentData {
    static final String MARKER = "multimnist.json";

    private ExperimentData() {
    }

    /** The data's record (settings, then one entry per split under "splits"); whether it was reused. */
    record Prepared(StoragePath dir, Map<String, Object> record, boolean reused) {
    }

    static Prepared prepare(MultiMnistExperimentConfig config, StoragePath dir) {
        StoragePath marker = dir.resolve(MARKER);
        Map<String, Object> settings = settings(config);
        if (marker.isFile()) {
            Map<String, Object> record = ExperimentJson.read(marker);
            if (settings.equals(ExperimentJson.roundTrip(settingsOf(record)))) {
                return new Prepared(dir, record, true);
            }
        }
        Map<String, Object> record = new LinkedHashMap<>(settings);
        List<Map<String, Object>> splits = new ArrayList<>();
        if (config.onTheFly()) {
            return onTheFly(config, dir, record, splits);
        }
        List<SplitReport> reports = MultiMnistGenerator.generate(config.source(), dir, config.pairs());
        for (SplitReport r : reports) {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("split", r.split().prefix());
            s.put("source_digits", r.sourceDigits());
            s.put("pairs", r.pairs());
            s.put("mean_overlap_20x20_boxes", r.meanNominalOverlap());
            s.put("mean_overlap_ink_boxes", r.meanInkOverlap());
            splits.add(s);
        }
        record.put("splits", splits);
        ExperimentJson.write(marker, record);
        return new Prepared(dir, ExperimentJson.roundTrip(record), false);
    }

    /**
     * Pairs generated where they are used: nothing is written but the marker, whose splits give the pair counts
     * (from the source files' headers; the overlap is measured only by `data multimnist`).
     */
    private static Prepared onTheFly(MultiMnistExperimentConfig config, StoragePath dir, Map<String, Object> record,
            List<Map<String, Object>> splits) {
        for (Split split : Split.values()) {
            GeneratedPairs pairs = ExampleSets.pairs(config.source(), split, config.pairs());
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("split", split.prefix());
            s.put("source_digits", pairs.sourceDigits());
            s.put("pairs", pairs.size());
            splits.add(s);
        }
        record.put("splits", splits);
        dir.createDirectories();
        ExperimentJson.write(dir.resolve(MARKER), record);
        return new Prepared(dir, ExperimentJson.roundTrip(record), false);
    }

    private static Map<String, Object> settings(MultiMnistExperimentConfig config) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("source", MultiMnistExperimentConfig.location(config.source()));
        m.put("pairs_per_digit", config.pairsPerDigit());
        m.put("shift", config.shift());
        m.put("seed", config.dataSeed());
        m.put("on_the_fly", config.onTheFly());
        return ExperimentJson.roundTrip(m);
    }

    private static Map<String, Object> settingsOf(Map<String, Object> record) {
        Map<String, Object> m = new LinkedHashMap<>(record);
        m.remove("splits");
        return m;
    }
}
