package org.capsnet.capsule.em;

import java.util.Arrays;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Votes of matrix capsules: {@code V_ij = M_i W_ij}, each child's 4x4 pose times a learned 4x4 transformation per
 * (child type i, parent type j), as one batched matmul over the child types. The transformations are shared over
 * the N groups (batch x positions), which is how a convolutional capsule layer shares them over positions.
 *
 * <p>Shapes: poses M {@code [N, I, 4, 4]}; W {@code [I, 4, J, 4]} (W[i, :, j, :] is W_ij); votes
 * {@code [N, I, J, 16]}, row-major 4x4 (entry (r, c) at r*4 + c), C-contiguous.
 */
public final class MatrixVotes {
    private MatrixVotes() {}

    /** Returns V [N, I, J, 16]. */
    public static INDArray forward(INDArray poses, INDArray w) {
        check(poses, w);
        long n = poses.size(0);
        long ni = poses.size(1);
        long nj = w.size(2);
        INDArray m = rowsPerType(poses); // [I, N*4, 4]
        INDArray product = Nd4j.matmul(m, w.reshape(ni, 4, nj * 4)); // [I, N*4, J*4]
        INDArray votes = Nd4j.createUninitialized(poses.dataType(), n, ni, nj, 16);
        votes.reshape(n, ni, nj, 4, 4).assign(product.reshape(ni, n, 4, nj, 4).permute(1, 0, 3, 2, 4));
        EmRouting.free(product);
        return votes;
    }

    /** Returns {dL/dM [N, I, 4, 4], dL/dW [I, 4, J, 4]} given dL/dV [N, I, J, 16]. */
    public static INDArray[] backward(INDArray poses, INDArray w, INDArray gradVotes) {
        check(poses, w);
        long n = poses.size(0);
        long ni = poses.size(1);
        long nj = w.size(2);
        if (!Arrays.equals(gradVotes.shape(), new long[] {n, ni, nj, 16})) {
            throw new IllegalArgumentException("gradVotes must be [" + n + ", " + ni + ", " + nj + ", 16], got "
                    + Arrays.toString(gradVotes.shape()));
        }
        INDArray g = Nd4j.createUninitialized(poses.dataType(), ni, n * 4, nj * 4); // [I, (N, r), (J, c)]
        g.reshape(ni, n, 4, nj, 4).assign(gradVotes.reshape(n, ni, nj, 4, 4).permute(1, 0, 3, 2, 4));
        INDArray wr = w.reshape(ni, 4, nj * 4);
        INDArray gradM = Nd4j.matmul(g, wr, false, true, false) // [I, N*4, 4]
                .reshape(ni, n, 4, 4)
                .permute(1, 0, 2, 3)
                .dup('c');
        INDArray gradW = Nd4j.matmul(rowsPerType(poses), g, true, false, false) // [I, 4, J*4]
                .reshape(ni, 4, nj, 4);
        EmRouting.free(g);
        return new INDArray[] {gradM, gradW};
    }

    private static INDArray rowsPerType(INDArray poses) {
        return poses.permute(1, 0, 2, 3).dup('c').reshape(poses.size(1), poses.size(0) * 4, 4);
    }

    private static void check(INDArray poses, INDArray w) {
        if (poses.rank() != 4
                || poses.size(2) != 4
                || poses.size(3) != 4
                || w.rank() != 4
                || w.size(0) != poses.size(1)
                || w.size(1) != 4
                || w.size(3) != 4) {
            throw new IllegalArgumentException("expected poses [N, I, 4, 4] and W [I, 4, J, 4], got "
                    + Arrays.toString(poses.shape()) + " and " + Arrays.toString(w.shape()));
        }
        if (poses.dataType() != w.dataType()) {
            throw new IllegalArgumentException("poses are " + poses.dataType() + " but W is " + w.dataType());
        }
    }
}
