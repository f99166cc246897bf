package org.capsnet.eval.pictures;

import java.awt.Color;
import java.awt.Paint;
import java.io.Serializable;
import org.jfree.chart.renderer.PaintScale;

/**
 * A perceptually ordered colour scale (dark blue, teal, green, yellow, after matplotlib's viridis) from
 * {@code lower} to {@code upper}, linear between five colour stops; values outside are clamped.
 */
public final class ColourScale implements PaintScale, Serializable {
    private static final long serialVersionUID = 1L;
    private static final int[][] STOPS = {{68, 1, 84}, {59, 82, 139}, {33, 145, 140}, {94, 201, 98}, {253, 231, 37}};

    private final double lower;
    private final double upper;

    public ColourScale(double lower, double upper) {
        if (!(upper > lower)) {
            throw new IllegalArgumentException("colour scale needs lower < upper, got " + lower + ", " + upper);
        }
        this.lower = lower;
        this.upper = upper;
    }

    @Override
    public double getLowerBound() {
        return lower;
    }

    @Override
    public double getUpperBound() {
        return upper;
    }

    @Override
    public Paint getPaint(double value) {
        return colour(value);
    }

    /** The colour of {@code value}; NaN gets the lowest colour. */
    public Color colour(double value) {
        double t = Double.isNaN(value) ? 0 : Math.max(0, Math.min(1, (value - lower) / (upper - lower)));
        double pos = t * (STOPS.length - 1);
        int i = Math.min(STOPS.length - 2, (int) Math.floor(pos));
        double f = pos - i;
        int[] a = STOPS[i];
        int[] b = STOPS[i + 1];
        return new Color(mix(a[0], b[0], f), mix(a[1], b[1], f), mix(a[2], b[2], f));
    }

    private static int mix(int a, int b, double f) {
        return (int) Math.round(a + (b - a) * f);
    }
}
