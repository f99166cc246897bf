package org.capsnet.experiment;

import java.util.ArrayList;
import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.capsnet.data.DataSource;
import org.capsnet.data.ExampleReaders;
import org.capsnet.data.ExampleSet;
import org.capsnet.data.LabelledImages;
import org.capsnet.data.Split;
import org.capsnet.eval.pictures.CapsuleDecoder;
import org.capsnet.eval.pictures.PngFiles;
import org.capsnet.eval.pictures.TrainingCurves;
import org.capsnet.eval.pictures.TwoDigitReconstructions;
import org.capsnet.io.StoragePath;
import org.capsnet.model.CapsNetConfig;
import org.capsnet.spark.RemoteExamples;
import org.capsnet.train.EpochRecord;
import org.capsnet.train.ModelFiles;
import org.capsnet.train.TrainingCurvePoints;

/**
 * The experiment's figures in {@code out/figures/} (drawn by {@link org.capsnet.eval.pictures}): per model
 * {@code <family>-curves.png} (training loss and test two-digit accuracy per epoch) and, for a CapsNet with a
 * decoder, {@code <family>-reconstructions.png} (the first {@value #EXAMPLES} test images above the
 * reconstructions of their two longest capsules, each decoded alone). Redrawn on every run (cheap).
 */
final class ExperimentFigures {
    static final String DIR = "figures";
    static final int EXAMPLES = 10;

    private ExperimentFigures() {}

    /** Draws the figures; returns their paths relative to {@code out}. */
    static List<String> write(StoragePath out, DataSource data, List<ModelRun> runs, JavaSparkContext sc) {
        StoragePath dir = out.resolve(DIR);
        dir.createDirectories();
        List<String> written = new ArrayList<>();
        LabelledImages head = null;
        for (ModelRun run : runs) {
            String family = run.dir().fileName();
            List<EpochRecord> metrics = ExperimentResults.lastPerEpoch(run.metrics());
            if (!metrics.isEmpty()) {
                String name = family + "-curves.png";
                TrainingCurves.write(
                        TrainingCurvePoints.of(metrics),
                        family + " on MultiMNIST " + "(test accuracy: both digits right)",
                        dir.resolve(name));
                written.add(DIR + "/" + name);
            }
            ModelFiles.SavedModel saved = ModelFiles.load(run.modelFile(), false);
            if (saved.provenance().architecture() instanceof CapsNetConfig arch
                    && CapsuleDecoder.hasDecoder(saved.graph())) {
                if (head == null) {
                    head = testHead(data, sc);
                }
                String name = family + "-reconstructions.png";
                PngFiles.write(
                        TwoDigitReconstructions.render(saved.graph(), arch, head, 0, head.size()), dir.resolve(name));
                written.add(DIR + "/" + name);
            }
        }
        return written;
    }

    /** The first test examples: read on this machine, or on an executor with a Spark context. */
    private static LabelledImages testHead(DataSource data, JavaSparkContext sc) {
        ExampleSet test = data.split(Split.TEST);
        long[] ids = new long[(int) Math.min(EXAMPLES, test.size())];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = test.evaluationId(i);
        }
        return sc == null ? ExampleReaders.cached(test).read(ids) : RemoteExamples.read(sc, test, ids);
    }
}
