package org.capsnet.data;

import org.capsnet.InvalidInputException;

/**
 * MultiMNIST generation settings: pairs per source digit K (paper: 1000 for training), maximum shift (paper: 4),
 * padding on each side (4: 28 x 28 to 36 x 36), seed, and output format.
 */
public record MultiMnistConfig(int pairsPerDigit, int shift, int pad, long seed, Format format)
        implements java.io.Serializable {
    /** Output format: IDX gzip files or a Parquet data set. */
    public enum Format { IDX, PARQUET }

    public MultiMnistConfig {
        if (pairsPerDigit < 1) {
            throw new InvalidInputException("--pairs-per-digit must be >= 1, got " + pairsPerDigit);
        }
        if (shift < 0 || shift > 14) {
            throw new InvalidInputException("--shift must be in 0..14, got " + shift);
        }
        if (pad < 0) {
            throw new InvalidInputException("padding must be >= 0, got " + pad);
        }
    }

    /** The paper's settings with the given K and seed: shift 4, pad 4, IDX. */
    public static MultiMnistConfig paper(int pairsPerDigit, long seed) {
        return new MultiMnistConfig(pairsPerDigit, 4, 4, seed, Format.IDX);
    }
}
