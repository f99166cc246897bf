package org.capsnet.experiment;

import org.capsnet.data.MultiMnistConfig;
import org.capsnet.data.MultiMnistGenerator;
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
        MultiMnistConfig generation = new MultiMnistConfig(config.pairsPerDigit(), config.shift(), 4,
                config.dataSeed(), MultiMnistConfig.Format.IDX);
        List<SplitReport> reports = MultiMnistGenerator.generate(config.source(), dir, generation);
        Map<String, Object> record = new LinkedHashMap<>(settings);
        List<Map<String, Object>> splits = new ArrayList<>();
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

    private static Map<String, Object> settings(MultiMnistExperimentConfig config) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("source", MultiMnistExperimentConfig.location(config.source()));
        m.put("pairs_per_digit", config.pairsPerDigit());
        m.put("shift", config.shift());
        m.put("seed", config.dataSeed());
        return ExperimentJson.roundTrip(m);
    }

    private static Map<String, Object> settingsOf(Map<String, Object> record) {
        Map<String, Object> m = new LinkedHashMap<>(record);
        m.remove("splits");
        return m;
    }
}
