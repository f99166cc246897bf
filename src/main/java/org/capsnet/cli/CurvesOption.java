package org.capsnet.cli;

import java.util.List;
import org.capsnet.eval.pictures.TrainingCurves;
import org.capsnet.io.StoragePath;
import org.capsnet.train.TrainingCurvePoints;
import org.capsnet.train.TrainingLoop;
import picocli.CommandLine.Option;

/**
 * The --curves-out option of train: loss and test accuracy per epoch as a PNG at the end of a run. By default the
 * picture goes beside the model ({@code capsnet-model.zip} -> {@code capsnet-model-curves.png}); {@code none} turns
 * it off. With --metrics-out the curves are read from the metrics file, so a resumed run shows all its epochs.
 */
public class CurvesOption {
    static final String NONE = "none";

    @Option(
            names = "--curves-out",
            paramLabel = "FILE.png",
            description = "Loss and test accuracy curves as PNG " + "(default: beside --model-out, NAME-curves.png; '"
                    + NONE + "' for none).")
    String curvesOut;

    /** Where the curves go for a model saved at {@code modelOut}, or null for none. */
    StoragePath target(StoragePath modelOut) {
        if (curvesOut != null) {
            return curvesOut.equals(NONE) ? null : StoragePath.of(curvesOut);
        }
        if (modelOut == null) {
            return null;
        }
        String name = modelOut.fileName().replaceFirst("\\.zip$", "");
        return modelOut.parent().resolve(name + "-curves.png");
    }

    /** Before training: checks that the curves file can be written, or fails naming the option. */
    void prepare(StoragePath modelOut) {
        StoragePath target = target(modelOut);
        if (target != null) {
            OutputFiles.prepare("--curves-out", target, "--model-out", modelOut);
        }
    }

    /** Writes the curves of a run (its records, or the last run in {@code metricsOut}); returns the file. */
    StoragePath write(StoragePath modelOut, StoragePath metricsOut, TrainingLoop.Result run, String title) {
        StoragePath target = target(modelOut);
        if (target == null) {
            return null;
        }
        List<TrainingCurves.EpochPoint> points = metricsOut != null && metricsOut.isFile()
                ? TrainingCurvePoints.lastRun(metricsOut)
                : TrainingCurvePoints.of(run.records());
        if (points.isEmpty()) {
            return null;
        }
        OutputFiles.writePng("--curves-out", target, TrainingCurves.render(points, title));
        return target;
    }
}
