package org.capsnet.train;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A one-line progress bar on a terminal stream (redrawn with a carriage return at most a few times a second;
 * when the stream is not a terminal it prints a line every 10%).
 */
public final class ProgressBar {
    private static final long REDRAW_NANOS = 250_000_000L;

    private final PrintStream out;
    private final boolean interactive;
    private String label = "";
    private long total;
    private long done;
    private long doneBefore;
    private double lastLoss = Double.NaN;
    private long startNanos;
    private long lastDraw;
    private int lastDecile;

    public ProgressBar(PrintStream out, boolean interactive) {
        this.out = out;
        this.interactive = interactive;
    }

    /** A bar that prints nothing, for tests and for executors. */
    public static ProgressBar silent() {
        return new ProgressBar(null, false);
    }

    public static ProgressBar onStderr() {
        return new ProgressBar(System.err, System.console() != null);
    }

    public void start(String label, long total) {
        start(label, total, 0);
    }

    /** Starts a bar with {@code alreadyDone} of {@code total} done before (a resumed epoch): not counted in the rate. */
    public void start(String label, long total, long alreadyDone) {
        this.label = label;
        this.total = total;
        this.done = alreadyDone;
        this.doneBefore = alreadyDone;
        this.lastDecile = 0;
        this.startNanos = System.nanoTime();
        this.lastDraw = 0;
    }

    public void advance(long examples, double loss) {
        done += examples;
        lastLoss = loss;
        if (out == null) {
            return;
        }
        long now = System.nanoTime();
        int decile = total > 0 ? (int) (10 * done / total) : 0;
        if (interactive && now - lastDraw > REDRAW_NANOS) {
            out.print("\r" + line());
            out.flush();
            lastDraw = now;
        } else if (!interactive && decile > lastDecile) {
            out.println(line());
            lastDecile = decile;
        }
    }

    public void finish() {
        if (out != null && interactive) {
            out.print("\r" + line() + "\n");
            out.flush();
        }
    }

    private String line() {
        int width = 30;
        int filled = total > 0 ? (int) (width * Math.min(done, total) / total) : 0;
        double seconds = (System.nanoTime() - startNanos) / 1e9;
        return String.format(
                Locale.ROOT,
                "%s [%s%s] %d/%d loss %.4f %.1f img/s",
                label,
                "=".repeat(filled),
                " ".repeat(width - filled),
                done,
                total,
                lastLoss,
                seconds > 0 ? (done - doneBefore) / seconds : 0.0);
    }
}
