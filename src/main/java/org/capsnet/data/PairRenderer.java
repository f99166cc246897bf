package org.capsnet.data;

import java.io.Serializable;

/**
 * Draws a {@link PairSpec}: each H x W source digit is padded by {@code pad} pixels on every side (canvas
 * (H+2p) x (W+2p), 36 x 36 for MNIST) and shifted by its (dx, dy), pixels leaving the canvas being dropped; the
 * merged image is min(255, a + b) in bytes, i.e. min(1, a + b) in [0, 1]. Byte loops: this is offline data
 * preparation, not a training hot path.
 */
public final class PairRenderer implements Serializable {
    private static final long serialVersionUID = 1L;

    private final SourceDigits digits;
    private final int pad;

    public PairRenderer(SourceDigits digits, int pad) {
        this.digits = digits;
        this.pad = pad;
    }

    public int canvasHeight() {
        return digits.height() + 2 * pad;
    }

    public int canvasWidth() {
        return digits.width() + 2 * pad;
    }

    /**
     * Fills {@code merged} (canvas bytes) and {@code sources} (2 x canvas bytes: digit 1 then digit 2) for a pair.
     */
    public void render(PairSpec pair, byte[] merged, byte[] sources) {
        int area = canvasHeight() * canvasWidth();
        java.util.Arrays.fill(sources, 0, 2 * area, (byte) 0);
        place(pair.first(), pair.dx1(), pair.dy1(), sources, 0);
        place(pair.second(), pair.dx2(), pair.dy2(), sources, area);
        for (int p = 0; p < area; p++) {
            merged[p] = (byte) Math.min(255, (sources[p] & 0xFF) + (sources[area + p] & 0xFF));
        }
    }

    private void place(int digit, int dx, int dy, byte[] canvas, int offset) {
        int cw = canvasWidth();
        int ch = canvasHeight();
        for (int y = 0; y < digits.height(); y++) {
            int cy = y + pad + dy;
            if (cy < 0 || cy >= ch) {
                continue;
            }
            for (int x = 0; x < digits.width(); x++) {
                int cx = x + pad + dx;
                if (cx >= 0 && cx < cw) {
                    canvas[offset + cy * cw + cx] = (byte) digits.pixel(digit, y, x);
                }
            }
        }
    }
}
