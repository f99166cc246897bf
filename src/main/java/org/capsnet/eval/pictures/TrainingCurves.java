package org.capsnet.eval.pictures;

import org.capsnet.InvalidInputException;
import org.capsnet.io.StoragePath;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;
import org.nd4j.shade.jackson.databind.ObjectMapper;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Training loss and test accuracy per epoch as a chart (JFreeChart): loss above, test accuracy below, on a shared
 * epoch axis. The points come from the records of a training run ({@code TrainingLoop.Result.epochs()}) or from
 * its metrics file (JSON lines with {@code epoch}, {@code train_loss} and, with a test split,
 * {@code test_accuracy}).
 */
public final class TrainingCurves {
    public static final int WIDTH = 800;
    public static final int HEIGHT = 600;
    private static final ObjectMapper JSON = new ObjectMapper();

    private TrainingCurves() {
    }

    /**
     * One point: its place on the epoch axis (epoch n ends at n; a round record of epoch n sits at
     * n - 1 + round / rounds), the mean training loss there (NaN when rounds already show it) and the test accuracy
     * (NaN except at the end of an epoch with a test split).
     */
    public record EpochPoint(double epoch, double trainLoss, double testAccuracy) {
    }

    /**
     * Points from metrics records: round records ({@code epoch}, {@code round}, {@code rounds}, {@code train_loss})
     * give the loss curve inside epochs, epoch records ({@code epoch}, {@code train_loss}, optional
     * {@code test_accuracy}) the accuracy and, for runs without round records, the loss.
     */
    public static List<EpochPoint> fromRecords(List<? extends Map<String, ?>> records) {
        boolean hasRounds = records.stream().anyMatch(r -> r.containsKey("round"));
        List<EpochPoint> points = new ArrayList<>();
        for (Map<String, ?> r : records) {
            if (!(r.get("epoch") instanceof Number epoch) || !(r.get("train_loss") instanceof Number loss)) {
                throw new IllegalArgumentException("record without numeric epoch and train_loss: " + r);
            }
            if (r.containsKey("round")) {
                points.add(new EpochPoint(position(r), loss.doubleValue(), Double.NaN));
                continue;
            }
            Object acc = r.get("test_accuracy");
            points.add(new EpochPoint(epoch.intValue(), hasRounds ? Double.NaN : loss.doubleValue(),
                    acc instanceof Number a ? a.doubleValue() : Double.NaN));
        }
        return points;
    }

    /** Where a record sits on the epoch axis; an epoch record just after its epoch's last round. */
    static double position(Map<String, ?> r) {
        double epoch = ((Number) r.get("epoch")).doubleValue();
        if (r.get("round") instanceof Number round && r.get("rounds") instanceof Number rounds
                && rounds.doubleValue() > 0) {
            return epoch - 1 + round.doubleValue() / rounds.doubleValue();
        }
        return epoch + 1e-9;
    }

    /**
     * The points of the last run in a metrics file. Runs append to the file; a record that is not after the one
     * before it starts a new run (from scratch, or resumed from a checkpoint): the records at or after its place
     * are dropped, so a resumed run keeps the curve it continues.
     */
    public static List<EpochPoint> readMetrics(StoragePath file) {
        List<Map<String, Object>> lastRun = new ArrayList<>();
        int lineNumber = 0;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(file.openInput(), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                @SuppressWarnings("unchecked")
                Map<String, Object> record = JSON.readValue(line, Map.class);
                if (!(record.get("epoch") instanceof Number)) {
                    throw new IOException("no numeric \"epoch\"");
                }
                double at = position(record);
                lastRun.removeIf(earlier -> position(earlier) >= at);
                lastRun.add(record);
            }
            return fromRecords(lastRun);
        } catch (IOException | IllegalArgumentException e) {
            throw new InvalidInputException("metrics file " + file + (lineNumber > 0 ? " line " + lineNumber : "")
                    + " is not readable as metrics JSON lines: " + e.getMessage());
        }
    }

    /** The chart: training loss and, when any epoch has one, test accuracy, against the epoch. */
    public static JFreeChart chart(List<EpochPoint> points, String title) {
        if (points.isEmpty()) {
            throw new IllegalArgumentException("no epochs to plot");
        }
        XYSeries loss = new XYSeries("training loss");
        XYSeries accuracy = new XYSeries("test accuracy");
        boolean fractional = false;
        for (EpochPoint p : points) {
            if (!Double.isNaN(p.trainLoss())) {
                loss.add(p.epoch(), p.trainLoss());
            }
            fractional |= p.epoch() != Math.rint(p.epoch());
            if (!Double.isNaN(p.testAccuracy())) {
                accuracy.add(p.epoch(), p.testAccuracy());
            }
        }
        NumberAxis epochAxis = new NumberAxis("epoch");
        if (!fractional) {
            epochAxis.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        }
        epochAxis.setAutoRangeIncludesZero(false);
        CombinedDomainXYPlot plot = new CombinedDomainXYPlot(epochAxis);
        plot.setGap(12);
        plot.add(subplot(loss, "training loss", new Color(31, 119, 180)), 1);
        if (accuracy.getItemCount() > 0) {
            plot.add(subplot(accuracy, "test accuracy", new Color(214, 39, 40)), 1);
        }
        JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, true);
        chart.setBackgroundPaint(Color.WHITE);
        return chart;
    }

    public static BufferedImage render(List<EpochPoint> points, String title) {
        return chart(points, title).createBufferedImage(WIDTH, HEIGHT);
    }

    /** Writes the chart of {@code points} to {@code target} as a PNG of {@value #WIDTH} x {@value #HEIGHT} pixels. */
    public static void write(List<EpochPoint> points, String title, StoragePath target) {
        PngFiles.write(render(points, title), target);
    }

    private static XYPlot subplot(XYSeries series, String axisLabel, Color colour) {
        NumberAxis axis = new NumberAxis(axisLabel);
        axis.setAutoRangeIncludesZero(false);
        // one point (a one-epoch run's accuracy) would otherwise get a range of ~1e-8 and ticks that all read alike
        axis.setAutoRangeMinimumSize(0.01);
        axis.setNumberFormatOverride(new java.text.DecimalFormat("0.###"));
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, series.getItemCount() <= 60);
        renderer.setSeriesPaint(0, colour);
        renderer.setSeriesStroke(0, new BasicStroke(2f));
        XYPlot plot = new XYPlot(new XYSeriesCollection(series), null, axis, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        return plot;
    }
}
