package org.capsnet.eval.pictures;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * A grid of grayscale image tiles (digit images, reconstructions) with optional row labels on the left, column
 * labels above and a title, rendered with Java2D. Pixel values in [0, 1] map to black..white (MNIST: a white digit on
 * black); each image pixel becomes a {@code scale x scale} block. Tiles are separated by {@value #GAP} white pixels.
 * With {@link #colours(ColourScale)} the tiles are heat maps instead: each value gets that scale's colour.
 * <p>
 * Layout, in pixels: {@code width = left + columns * (tileWidth * scale + GAP)} and
 * {@code height = top + rows * (tileHeight * scale + GAP)}, where {@code left} is {@value #GAP} plus
 * {@value #ROW_LABEL_WIDTH} when any row has a label, and {@code top} is {@value #GAP} plus
 * {@value #COLUMN_LABEL_HEIGHT} when any column has a label, plus {@value #TITLE_HEIGHT} with a title. The size
 * does not depend on fonts.
 */
public final class ImageGrid {
    public static final int GAP = 2;
    public static final int ROW_LABEL_WIDTH = 64;
    public static final int COLUMN_LABEL_HEIGHT = 16;
    public static final int TITLE_HEIGHT = 20;
    private static final Color EMPTY_TILE = new Color(224, 224, 224);

    private final int rows;
    private final int columns;
    private final int tileHeight;
    private final int tileWidth;
    private final int scale;
    private final float[][] tiles;
    private final String[] rowLabels;
    private final String[] columnLabels;
    private String title;
    private ColourScale colours;

    /** An empty grid of {@code rows x columns} tiles of {@code tileHeight x tileWidth} pixels, each drawn at scale. */
    public ImageGrid(int rows, int columns, int tileHeight, int tileWidth, int scale) {
        if (rows <= 0 || columns <= 0 || tileHeight <= 0 || tileWidth <= 0 || scale <= 0) {
            throw new IllegalArgumentException("grid " + rows + "x" + columns + " of " + tileHeight + "x" + tileWidth
                    + " tiles at scale " + scale + ": all must be positive");
        }
        this.rows = rows;
        this.columns = columns;
        this.tileHeight = tileHeight;
        this.tileWidth = tileWidth;
        this.scale = scale;
        this.tiles = new float[rows * columns][];
        this.rowLabels = new String[rows];
        this.columnLabels = new String[columns];
    }

    /** Sets one tile: {@code pixels} row-major, {@code tileHeight * tileWidth} values in [0, 1] (clamped). */
    public ImageGrid tile(int row, int column, float[] pixels) {
        checkCell(row, column);
        if (pixels.length != tileHeight * tileWidth) {
            throw new IllegalArgumentException(
                    "tile needs " + tileHeight * tileWidth + " pixels, got " + pixels.length);
        }
        tiles[row * columns + column] = pixels.clone();
        return this;
    }

    /** Fills row {@code row} from the left with the images {@code [n, tileHeight * tileWidth]}, n <= columns. */
    public ImageGrid row(int row, INDArray images) {
        if (images.rank() != 2 || images.size(0) > columns) {
            throw new IllegalArgumentException("row needs at most " + columns + " images [n, P], got "
                    + java.util.Arrays.toString(images.shape()));
        }
        for (int c = 0; c < images.size(0); c++) {
            tile(row, c, images.getRow(c).toFloatVector());
        }
        return this;
    }

    public ImageGrid rowLabel(int row, String text) {
        checkCell(row, 0);
        rowLabels[row] = text;
        return this;
    }

    public ImageGrid columnLabel(int column, String text) {
        checkCell(0, column);
        columnLabels[column] = text;
        return this;
    }

    public ImageGrid title(String text) {
        this.title = text;
        return this;
    }

    /**
     * Draws the tiles as heat maps: a value gets {@code scale}'s colour (clamped to its range) instead of a gray
     * level; NaN the scale's lowest colour.
     */
    public ImageGrid colours(ColourScale scale) {
        this.colours = scale;
        return this;
    }

    public int rows() {
        return rows;
    }

    public int columns() {
        return columns;
    }

    /** Left edge of the first tile column. */
    public int left() {
        return GAP + (any(rowLabels) ? ROW_LABEL_WIDTH : 0);
    }

    /** Top edge of the first tile row. */
    public int top() {
        return GAP + (any(columnLabels) ? COLUMN_LABEL_HEIGHT : 0) + (title != null ? TITLE_HEIGHT : 0);
    }

    /** Horizontal distance between the left edges of neighbouring tiles. */
    public int pitchX() {
        return tileWidth * scale + GAP;
    }

    /** Vertical distance between the top edges of neighbouring tiles. */
    public int pitchY() {
        return tileHeight * scale + GAP;
    }

    public int width() {
        return left() + columns * pitchX();
    }

    public int height() {
        return top() + rows * pitchY();
    }

    /** The picture: white background, black labels, grayscale tiles (light gray where no tile was set). */
    public BufferedImage render() {
        BufferedImage image = new BufferedImage(width(), height(), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, image.getWidth(), image.getHeight());
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.BLACK);
            drawLabels(g);
        } finally {
            g.dispose();
        }
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < columns; c++) {
                drawTile(image, tiles[r * columns + c], left() + c * pitchX(), top() + r * pitchY());
            }
        }
        return image;
    }

    private void drawLabels(Graphics2D g) {
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
        FontMetrics fm = g.getFontMetrics();
        int labelTop = GAP + (title != null ? TITLE_HEIGHT : 0);
        for (int c = 0; c < columns; c++) {
            if (columnLabels[c] != null) {
                int centre = left() + c * pitchX() + tileWidth * scale / 2;
                g.drawString(
                        columnLabels[c],
                        centre - fm.stringWidth(columnLabels[c]) / 2,
                        labelTop + COLUMN_LABEL_HEIGHT - fm.getDescent() - 2);
            }
        }
        for (int r = 0; r < rows; r++) {
            if (rowLabels[r] != null) {
                int middle = top() + r * pitchY() + tileHeight * scale / 2;
                g.drawString(rowLabels[r], GAP + 2, middle + (fm.getAscent() - fm.getDescent()) / 2);
            }
        }
        if (title != null) {
            g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 12));
            g.drawString(title, GAP + 2, GAP + TITLE_HEIGHT - g.getFontMetrics().getDescent() - 3);
        }
    }

    private void drawTile(BufferedImage image, float[] pixels, int x0, int y0) {
        for (int y = 0; y < tileHeight * scale; y++) {
            for (int x = 0; x < tileWidth * scale; x++) {
                int rgb;
                if (pixels == null) {
                    rgb = EMPTY_TILE.getRGB();
                } else {
                    float v = pixels[(y / scale) * tileWidth + x / scale];
                    rgb = colours != null ? colours.colour(v).getRGB() : gray(v);
                }
                image.setRGB(x0 + x, y0 + y, rgb);
            }
        }
    }

    private static int gray(float v) {
        int gray = Math.round(255 * Math.max(0f, Math.min(1f, Float.isNaN(v) ? 0f : v)));
        return (gray << 16) | (gray << 8) | gray;
    }

    private void checkCell(int row, int column) {
        if (row < 0 || row >= rows || column < 0 || column >= columns) {
            throw new IndexOutOfBoundsException("cell (" + row + ", " + column + ") outside " + rows + "x" + columns);
        }
    }

    private static boolean any(String[] labels) {
        for (String s : labels) {
            if (s != null) {
                return true;
            }
        }
        return false;
    }
}
