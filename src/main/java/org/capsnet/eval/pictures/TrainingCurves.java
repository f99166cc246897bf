package org.capsnet.eval.pictures;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.List;
import org.capsnet.io.StoragePath;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Training loss and test accuracy per epoch as a chart (JFreeChart): loss above, test accuracy below, on a shared
 * epoch axis. The points come from the metrics records of a training run or its metrics file
 * ({@code org.capsnet.train.TrainingCurvePoints}).
 */
public final class TrainingCurves {
    public static final int WIDTH = 800;
    public static final int HEIGHT = 600;

    private TrainingCurves() {}

    /**
     * One point: its place on the epoch axis (epoch n ends at n; a round record of epoch n sits at
     * n - 1 + round / rounds), the mean training loss there (NaN when rounds already show it) and the test accuracy
     * (NaN except at the end of an epoch with a test split).
     */
    public record EpochPoint(double epoch, double trainLoss, double testAccuracy) {}

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
