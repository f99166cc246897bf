package org.capsnet.eval.pictures;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.text.FieldPosition;
import java.text.NumberFormat;
import java.text.ParsePosition;
import java.util.Locale;
import org.capsnet.data.LabelledImages;
import org.capsnet.model.CapsNetConfig;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.AxisLocation;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.axis.NumberTickUnit;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYBlockRenderer;
import org.jfree.chart.title.PaintScaleLegend;
import org.jfree.chart.ui.RectangleEdge;
import org.jfree.data.xy.DefaultXYZDataset;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * The coupling coefficients c_ij of one example as a heat map (JFreeChart). The I = G x G x channels primary
 * capsules are laid out as they sit on the PrimaryCaps grid: one horizontal band per class capsule j, and in each
 * band one G x G map per primary capsule channel (6 x 6 for MNIST, 10 x 10 for MultiMNIST), with one empty
 * block between maps. A bright map position is a primary capsule that sends its vote mostly to class j. The colour
 * scale runs from the example's smallest to its largest c_ij.
 */
public final class RoutingPicture {
    public static final int WIDTH = 1400;
    public static final int HEIGHT = 600;

    private RoutingPicture() {}

    /**
     * The heat map of {@code coupling [I][J]} with I = gridSize * gridSize * channels, primary capsule
     * {@code i = (gy * gridSize + gx) * channels + ch} (the PrimaryCaps layer's NHWC order).
     */
    public static JFreeChart chart(double[][] coupling, int gridSize, int channels, String title) {
        if (coupling.length != gridSize * gridSize * channels) {
            throw new IllegalArgumentException(
                    coupling.length + " primary capsules, expected " + gridSize + "x" + gridSize + "x" + channels);
        }
        int classes = coupling[0].length;
        int pitch = gridSize + 1;
        int n = coupling.length * classes;
        double[][] xyz = new double[3][n];
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        int k = 0;
        for (int i = 0; i < coupling.length; i++) {
            int ch = i % channels;
            int pos = i / channels;
            for (int j = 0; j < classes; j++, k++) {
                xyz[0][k] = ch * pitch + pos % gridSize - gridSize / 2;
                xyz[1][k] = j * pitch + pos / gridSize - gridSize / 2;
                xyz[2][k] = coupling[i][j];
                min = Math.min(min, coupling[i][j]);
                max = Math.max(max, coupling[i][j]);
            }
        }
        DefaultXYZDataset dataset = new DefaultXYZDataset();
        dataset.addSeries("c_ij", xyz);
        // the example's own range: after few routing iterations c_ij stays near 1/J, and contrast shows the routing
        ColourScale scale = new ColourScale(min, max > min ? max : min + 1e-6);
        XYBlockRenderer renderer = new XYBlockRenderer();
        renderer.setPaintScale(scale);

        NumberAxis xAxis = bandAxis(
                "primary capsule channel (each block: its " + gridSize + "x" + gridSize + " grid positions)",
                channels,
                gridSize,
                1);
        NumberAxis yAxis = bandAxis("class capsule j", classes, gridSize, 0);
        yAxis.setInverted(true);

        XYPlot plot = new XYPlot(dataset, xAxis, yAxis, renderer);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinesVisible(false);
        plot.setRangeGridlinesVisible(false);
        JFreeChart chart = new JFreeChart(title, JFreeChart.DEFAULT_TITLE_FONT, plot, false);
        chart.setBackgroundPaint(Color.WHITE);
        NumberAxis legendAxis = new NumberAxis("c_ij");
        legendAxis.setRange(scale.getLowerBound(), scale.getUpperBound());
        PaintScaleLegend legend = new PaintScaleLegend(scale, legendAxis);
        legend.setPosition(RectangleEdge.RIGHT);
        legend.setAxisLocation(AxisLocation.BOTTOM_OR_RIGHT);
        legend.setMargin(4, 8, 40, 8);
        legend.setStripWidth(16);
        chart.addSubtitle(legend);
        return chart;
    }

    /** The routing picture of example {@code index} of {@code data}, {@value #WIDTH} x {@value #HEIGHT} pixels. */
    public static BufferedImage render(ComputationGraph graph, CapsNetConfig arch, LabelledImages data, int index) {
        if (index < 0 || index >= data.size()) {
            throw new IllegalArgumentException("example " + index + " outside 0.." + (data.size() - 1));
        }
        DigitCapsules capsules = DigitCapsules.infer(
                graph, arch, data.images().get(NDArrayIndex.interval(index, index + 1), NDArrayIndex.all()));
        String title = String.format(
                Locale.ROOT,
                "coupling coefficients c_ij after %d routing iterations, " + "example %d (label %s, predicted %d)",
                arch.routings(),
                index,
                Reconstructions.labelText(data.labels()[index]),
                capsules.longest()[0]);
        return chart(capsules.couplingOf(0), arch.primaryGridSize(), arch.primaryCapsuleChannels(), title)
                .createBufferedImage(WIDTH, HEIGHT);
    }

    /**
     * An axis of {@code bands} bands of {@code gridSize} blocks with a one-block gap, band b centred near
     * {@code b * (gridSize + 1)}, labelled with its number (from {@code firstNumber}) once per band.
     */
    private static NumberAxis bandAxis(String label, int bands, int gridSize, int firstNumber) {
        int pitch = gridSize + 1;
        NumberAxis axis = new NumberAxis(label);
        axis.setRange(-gridSize / 2 - 0.5, (bands - 1) * pitch + (gridSize - 1 - gridSize / 2) + 0.5);
        axis.setTickUnit(new NumberTickUnit(pitch, new BandFormat(pitch, firstNumber)));
        axis.setTickMarksVisible(false);
        return axis;
    }

    /** Tick labels of a band axis: the band number of a tick position. */
    private static final class BandFormat extends NumberFormat {
        private static final long serialVersionUID = 1L;
        private final int pitch;
        private final int firstNumber;

        BandFormat(int pitch, int firstNumber) {
            this.pitch = pitch;
            this.firstNumber = firstNumber;
        }

        @Override
        public StringBuffer format(double number, StringBuffer toAppendTo, FieldPosition pos) {
            return toAppendTo.append(Math.round(number / pitch) + firstNumber);
        }

        @Override
        public StringBuffer format(long number, StringBuffer toAppendTo, FieldPosition pos) {
            return format((double) number, toAppendTo, pos);
        }

        @Override
        public Number parse(String source, ParsePosition parsePosition) {
            return null;
        }
    }
}
