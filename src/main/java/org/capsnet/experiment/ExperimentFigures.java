package org.capsnet.experiment;

import org.apache.spark.api.java.JavaSparkContext;
import org.capsnet.data.DatasetLoader;
import org.capsnet.data.LabelledImages;
import org.capsnet.data.Minibatches;
import org.capsnet.data.SparkDataLoader;
import org.capsnet.data.Split;
import org.capsnet.eval.pictures.CapsuleDecoder;
import org.capsnet.eval.pictures.PngFiles;
import org.capsnet.eval.pictures.TrainingCurves;
import org.capsnet.eval.pictures.TwoDigitReconstructions;
import org.capsnet.io.StoragePath;
import org.capsnet.model.CapsNetConfig;
import org.capsnet.train.ModelFiles;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.indexing.NDArrayIndex;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The experiment's figures in {@code out/figures/} (drawn by {@link org.capsnet.eval.pictures}): per model
 * {@code <family>-curves.png} (training loss and test two-digit accuracy per epoch) and, for a CapsNet with a
 * decoder, {@code <family>-reconstructions.png} (the first {@value #EXAMPLES} test images above the
 * reconstructions of their two longest capsules, each decoded alone). Redrawn on every run (cheap).
 */
final class ExperimentFigures {
    static final String DIR = "figures";
    static final int EXAMPLES = 10;

    private ExperimentFigures() {
    }

    /** Draws the figures; returns their paths relative to {@code out}. */
    static List<String> write(StoragePath out, StoragePath data, List<ModelRun> runs, JavaSparkContext sc) {
        StoragePath dir = out.resolve(DIR);
        dir.createDirectories();
        List<String> written = new ArrayList<>();
        LabelledImages head = null;
        for (ModelRun run : runs) {
            String family = run.dir().fileName();
            List<Map<String, Object>> metrics = ExperimentResults.lastPerEpoch(run.metrics());
            if (!metrics.isEmpty()) {
                String name = family + "-curves.png";
                TrainingCurves.write(TrainingCurves.fromRecords(metrics), family + " on MultiMNIST "
                        + "(test accuracy: both digits right)", dir.resolve(name));
                written.add(DIR + "/" + name);
            }
            ModelFiles.SavedModel saved = ModelFiles.load(run.modelFile(), false);
            if (saved.provenance().architecture() instanceof CapsNetConfig arch
                    && CapsuleDecoder.hasDecoder(saved.graph())) {
                if (head == null) {
                    head = testHead(data, sc);
                }
                String name = family + "-reconstructions.png";
                PngFiles.write(TwoDigitReconstructions.render(saved.graph(), arch, head, 0, head.size()),
                        dir.resolve(name));
                written.add(DIR + "/" + name);
            }
        }
        return written;
    }

    /**
     * The first test examples: from the driver's copy of the split on this machine, else the first test minibatch
     * of the cluster's data set (the whole split need not fit on the driver).
     */
    private static LabelledImages testHead(StoragePath data, JavaSparkContext sc) {
        if (sc == null) {
            LabelledImages test = DatasetLoader.load(data, Split.TEST);
            int n = Math.min(EXAMPLES, test.size());
            int[][] labels = java.util.Arrays.copyOf(test.labels(), n);
            return new LabelledImages(rows(test.images(), n), test.height(), test.width(), labels,
                    test.sources() == null ? null : rows(test.sources(), n), Map.of());
        }
        MultiDataSet first = SparkDataLoader.minibatches(sc, data, Split.TEST, EXAMPLES, 1).first();
        INDArray images = first.getFeatures(0);
        double[][] classes = Minibatches.classes(first).toDoubleMatrix();
        int[][] labels = new int[classes.length][];
        for (int i = 0; i < classes.length; i++) {
            labels[i] = new int[classes[i].length];
            for (int d = 0; d < classes[i].length; d++) {
                labels[i][d] = (int) Math.round(classes[i][d]);
            }
        }
        int side = (int) Math.round(Math.sqrt(images.size(1)));
        return new LabelledImages(images, side, side, labels, Minibatches.sources(first), Map.of());
    }

    private static INDArray rows(INDArray a, int n) {
        return a.get(NDArrayIndex.interval(0, n), NDArrayIndex.all()).dup('c');
    }
}
