package org.capsnet.data;

import org.capsnet.InvalidInputException;
import org.capsnet.InvalidSettingException;

/**
 * MultiMNIST generation settings: pairs per source digit K (paper: 1000 for training), maximum shift (paper: 4),
 * padding on each side (4: 28 x 28 to 36 x 36), seed, and output format.
 */
public record MultiMnistConfig(int pairsPerDigit, int shift, int pad, long seed, Format format)
        implements java.io.Serializable {
    /** Output format: IDX gzip files or a Parquet data set. */
    public enum Format {
        IDX,
        PARQUET
    }

    /**
     * The paper's settings and the commands' defaults: 1,000 pairs per source digit, shifts up to 4 pixels, 4 pixels
     * of padding (36x36 images), seed 1, IDX files.
     */
    public static final MultiMnistConfig PAPER = new MultiMnistConfig(1000, 4, 4, 1, Format.IDX);

    public MultiMnistConfig {
        if (pairsPerDigit < 1) {
            throw new InvalidSettingException("{pairsPerDigit} must be >= 1, got " + pairsPerDigit);
        }
        if (pad < 0) {
            throw new InvalidInputException("padding must be >= 0, got " + pad);
        }
        if (shift < 0 || shift > maxShift(pad)) {
            throw new InvalidSettingException("{shift} must be in 0.." + maxShift(pad) + ", got " + shift
                    + ": a larger "
                    + "shift moves whole strokes of the digits out of the " + (28 + 2 * pad) + "x" + (28 + 2 * pad)
                    + " canvas (shifts above the padding " + pad + " already crop some: at " + maxShift(pad)
                    + ", 8% of "
                    + "MNIST digits lose pixels)");
        }
    }

    /**
     * Empty border of an MNIST digit inside its 28 x 28 image: the digits are scaled to a 20 x 20 box and centred
     * by their centre of mass, so most ink lies 4 pixels or more from the edge (not all: the box is off-centre).
     */
    static final int DIGIT_MARGIN = 4;

    /**
     * The largest shift accepted with padding {@code pad}: the padding plus the digits' own margin. Up to the padding
     * no pixel leaves the canvas; beyond it some digits are cropped, measured on the 8,000-digit sample with uniform
     * shifts in [-s, s]: s = 5 crops 0.1% of the digits, 6: 1%, 7: 3%, 8: 8% (and 9: 16%, 14: 57%, refused).
     */
    public static int maxShift(int pad) {
        return pad + DIGIT_MARGIN;
    }

    /** Whether some digits lose pixels at the canvas edge with this shift (see {@link #maxShift}). */
    public boolean cropsSomeDigits() {
        return shift > pad;
    }

    /** The paper's settings ({@link #PAPER}) with the given K and seed. */
    public static MultiMnistConfig paper(int pairsPerDigit, long seed) {
        return new MultiMnistConfig(pairsPerDigit, PAPER.shift, PAPER.pad, seed, PAPER.format);
    }
}
