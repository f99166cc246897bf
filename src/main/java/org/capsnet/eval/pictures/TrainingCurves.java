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

    /** One epoch: its number (from 1), mean training loss, and test accuracy (NaN without a test split). */
    public record EpochPoint(int epoch, double trainLoss, double testAccuracy) {
    }

    /** Points from per-epoch records (keys {@code epoch}, {@code train_loss}, optional {@code test_accuracy}). */
    public static List<EpochPoint> fromRecords(List<? extends Map<String, ?>> records) {
        List<EpochPoint> points = new ArrayList<>();
        for (Map<String, ?> r : records) {
            if (!(r.get("epoch") instanceof Number epoch) || !(r.get("train_loss") instanceof Number loss)) {
                throw new IllegalArgumentException("epoch record without numeric epoch and train_loss: " + r);
            }
            Object acc = r.get("test_accuracy");
            points.add(new EpochPoint(epoch.intValue(), loss.doubleValue(),
                    acc instanceof Number a ? a.doubleValue() : Double.NaN));
        }
        return points;
    }

    /**
     * The points of the last run in a metrics file. Runs append to the file, and a resumed run continues the
     * epoch numbers of the run it resumes, so the last run is the last stretch of increasing epoch numbers.
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
                if (!(record.get("epoch") instanceof Number epoch)) {
                    throw new IOException("no numeric \"epoch\"");
                }
                if (!lastRun.isEmpty()
                        && ((Number) lastRun.get(lastRun.size() - 1).get("epoch")).intValue() >= epoch.intValue()) {
                    lastRun.clear();
                }
                lastRun.add(record);
            }
            return fromRecords(lastRun);
        } catch (IOException | IllegalArgumentException e) {
            throw new InvalidInputException("metrics file " + file + (lineNumber > 0 ? " line " + lineNumber : "")
                    + " is not readable as per-epoch JSON lines: " + e.getMessage());
        }
    }

    /** The chart: training loss and, when any epoch has one, test accuracy, against the epoch. */
    public static JFreeChart chart(List<EpochPoint> points, String title) {
        if (points.isEmpty()) {
            throw new IllegalArgumentException("no epochs to plot");
        }
        XYSeries loss = new XYSeries("training loss");
        XYSeries accuracy = new XYSeries("test accuracy");
        for (EpochPoint p : points) {
            loss.add(p.epoch(), p.trainLoss());
            if (!Double.isNaN(p.testAccuracy())) {
                accuracy.add(p.epoch(), p.testAccuracy());
            }
        }
        NumberAxis epochAxis = new NumberAxis("epoch");
        epochAxis.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
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
        XYLineAndShapeRenderer renderer = new XYLineAndShapeRenderer(true, true);
        renderer.setSeriesPaint(0, colour);
        renderer.setSeriesStroke(0, new BasicStroke(2f));
        XYPlot plot = new XYPlot(new XYSeriesCollection(series), null, axis, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(Color.LIGHT_GRAY);
        plot.setRangeGridlinePaint(Color.LIGHT_GRAY);
        return plot;
    }
}
