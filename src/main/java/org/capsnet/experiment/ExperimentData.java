package org.capsnet.experiment;

import java.util.ArrayList;
import java.util.List;
import org.capsnet.data.ExampleSets;
import org.capsnet.data.GeneratedPairs;
import org.capsnet.data.MultiMnistGenerator;
import org.capsnet.data.Split;
import org.capsnet.data.SplitReport;
import org.capsnet.experiment.ExperimentRecords.DataRecord;
import org.capsnet.experiment.ExperimentRecords.SplitRecord;
import org.capsnet.io.StoragePath;

/**
 * Step 1: the MultiMNIST data in {@code out/data} (IDX), generated from the source data set or reused when a
 * previous run finished generating it ({@value #MARKER} is written last and records the settings and the
 * generator's counts and overlap statistics per split).
 */
final class ExperimentData {
    static final String MARKER = "multimnist.json";

    private ExperimentData() {}

    /** The data's record (settings and one entry per split); whether it was reused. */
    record Prepared(StoragePath dir, DataRecord record, boolean reused) {}

    static Prepared prepare(MultiMnistExperimentConfig config, StoragePath dir) {
        StoragePath marker = dir.resolve(MARKER);
        DataRecord settings = settings(config);
        if (marker.isFile()) {
            DataRecord record = ExperimentJson.read(marker, DataRecord.class);
            if (settings.sameSettings(record)) {
                return new Prepared(dir, record, true);
            }
        }
        if (config.onTheFly()) {
            return onTheFly(config, dir, settings);
        }
        List<SplitRecord> splits = new ArrayList<>();
        for (SplitReport r : MultiMnistGenerator.generate(config.source(), dir, config.pairs())) {
            splits.add(new SplitRecord(
                    r.split().prefix(), r.sourceDigits(), r.pairs(), r.meanNominalOverlap(), r.meanInkOverlap()));
        }
        DataRecord record = settings.withSplits(splits);
        ExperimentJson.write(marker, record);
        return new Prepared(dir, record, false);
    }

    /**
     * Pairs generated where they are used: nothing is written but the marker, whose splits give the pair counts
     * (from the source files' headers; the overlap is measured only by `data multimnist`).
     */
    private static Prepared onTheFly(MultiMnistExperimentConfig config, StoragePath dir, DataRecord settings) {
        List<SplitRecord> splits = new ArrayList<>();
        for (Split split : Split.values()) {
            GeneratedPairs pairs = ExampleSets.pairs(config.source(), split, config.pairs());
            splits.add(new SplitRecord(split.prefix(), pairs.sourceDigits(), pairs.size(), null, null));
        }
        DataRecord record = settings.withSplits(splits);
        dir.createDirectories();
        ExperimentJson.write(dir.resolve(MARKER), record);
        return new Prepared(dir, record, false);
    }

    private static DataRecord settings(MultiMnistExperimentConfig config) {
        return new DataRecord(
                MultiMnistExperimentConfig.location(config.source()),
                config.pairsPerDigit(),
                config.shift(),
                config.dataSeed(),
                config.onTheFly(),
                List.of());
    }
}
