package org.capsnet.train;

import java.util.ArrayList;
import java.util.List;
import org.capsnet.eval.pictures.TrainingCurves;
import org.capsnet.eval.pictures.TrainingCurves.EpochPoint;
import org.capsnet.io.StoragePath;

/** The points of a {@link TrainingCurves} chart, from metrics records or a metrics file. */
public final class TrainingCurvePoints {
    private TrainingCurvePoints() {}

    /**
     * Round records give the loss curve inside epochs, epoch records the test accuracy and, for runs without round
     * records, the loss.
     */
    public static List<EpochPoint> of(List<? extends MetricsRecord> records) {
        boolean hasRounds = records.stream().anyMatch(RoundRecord.class::isInstance);
        List<EpochPoint> points = new ArrayList<>();
        for (MetricsRecord r : records) {
            if (r instanceof EpochRecord epoch) {
                points.add(new EpochPoint(
                        epoch.epoch(), hasRounds ? Double.NaN : epoch.trainLoss(), epoch.testAccuracyOrNaN()));
            } else {
                points.add(new EpochPoint(r.position(), r.trainLoss(), Double.NaN));
            }
        }
        return points;
    }

    /**
     * The points of the last run in a metrics file. Runs append to the file; a record that is not after the one
     * before it starts a new run (from scratch, or resumed from a checkpoint): the records at or after its place
     * are dropped, so a resumed run keeps the curve it continues.
     *
     * @throws org.capsnet.InvalidInputException naming the file and line of a line that is not a metrics record
     */
    public static List<EpochPoint> lastRun(StoragePath metricsFile) {
        List<MetricsRecord> lastRun = new ArrayList<>();
        for (MetricsRecord record : MetricsLog.read(metricsFile)) {
            double at = record.position();
            lastRun.removeIf(earlier -> earlier.position() >= at);
            lastRun.add(record);
        }
        return of(lastRun);
    }
}
