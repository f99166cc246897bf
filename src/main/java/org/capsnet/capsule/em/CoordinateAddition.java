package org.capsnet.capsule.em;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Coordinate addition of the class capsules (Hinton et al. 2018, section 3.1): the scaled coordinate of the centre
 * of each child's position, (row + 0.5) / H and (column + 0.5) / W, is added to the first two entries of the
 * right-hand column of its vote matrix (flat entries 3 and 7 of the row-major 4x4). A constant per position, so the
 * gradient passes through unchanged.
 *
 * <p>Shapes: votes {@code [B, H*W, C, J, 16]} (position-major, row by row), modified in place.
 */
public final class CoordinateAddition {
    private CoordinateAddition() {}

    /** Adds the coordinates to votes [B, H*W, C, J, 16] in place and returns them. */
    public static INDArray addInPlace(INDArray votes, int height, int width) {
        if (votes.rank() != 5 || votes.size(1) != (long) height * width || votes.size(4) != 16) {
            throw new IllegalArgumentException("votes must be [B, " + height * width + ", C, J, 16], got "
                    + java.util.Arrays.toString(votes.shape()));
        }
        return votes.addi(offsets(height, width, votes.dataType()));
    }

    /**
     * The added constants per child of the class capsules' routing, [H*W*C*16] with child i = position * C + type
     * (for {@link HostMatrixRouting}).
     */
    public static double[] childOffsets(int height, int width, int types) {
        double[] o = new double[height * width * types * 16];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                for (int c = 0; c < types; c++) {
                    int at = ((y * width + x) * types + c) * 16;
                    o[at + 3] = (y + 0.5) / height;
                    o[at + 7] = (x + 0.5) / width;
                }
            }
        }
        return o;
    }

    /** The added constants, [1, H*W, 1, 1, 16]. */
    public static INDArray offsets(int height, int width, DataType type) {
        INDArray o = Nd4j.zeros(type, 1, (long) height * width, 1, 1, 16);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                o.putScalar(new long[] {0, (long) y * width + x, 0, 0, 3}, (y + 0.5) / height);
                o.putScalar(new long[] {0, (long) y * width + x, 0, 0, 7}, (x + 0.5) / width);
            }
        }
        return o;
    }
}
