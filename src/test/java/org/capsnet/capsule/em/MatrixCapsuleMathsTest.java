package org.capsnet.capsule.em;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.capsnet.capsule.GradientCheck;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/** Votes, receptive fields, coordinate addition and spread loss: values and float64 finite differences. */
class MatrixCapsuleMathsTest {

    @Test
    void votesAreThePoseTimesTheTransformation() {
        INDArray m = GradientCheck.random(1, 2, 3, 4, 4);
        INDArray w = GradientCheck.random(2, 3, 4, 5, 4);
        INDArray v = MatrixVotes.forward(m, w);
        assertTrue(java.util.Arrays.equals(new long[] {2, 3, 5, 16}, v.shape()));
        INDArray m12 = m.slice(1).slice(2); // [4, 4]
        INDArray w23 = w.slice(2)
                .get(
                        org.nd4j.linalg.indexing.NDArrayIndex.all(),
                        org.nd4j.linalg.indexing.NDArrayIndex.point(3),
                        org.nd4j.linalg.indexing.NDArrayIndex.all());
        INDArray expected = m12.mmul(w23).reshape(16);
        assertTrue(expected.equalsWithEps(v.slice(1).slice(2).slice(3), 1e-12));
    }

    @Test
    void voteGradientsMatchFiniteDifferences() {
        INDArray m = GradientCheck.random(3, 2, 3, 4, 4);
        INDArray w = GradientCheck.random(4, 3, 4, 2, 4);
        INDArray weights = GradientCheck.random(5, 2, 3, 2, 16);
        INDArray[] g = MatrixVotes.backward(m, w, weights);
        GradientCheck.assertMatches(
                "votes dM", g[0], GradientCheck.numericGradient(x -> MatrixVotes.forward(x, w), m, weights));
        GradientCheck.assertMatches(
                "votes dW", g[1], GradientCheck.numericGradient(x -> MatrixVotes.forward(m, x), w, weights));
    }

    @Test
    void patchesAreTheStridedWindowsAndTheirGradientSumsOverlaps() {
        CapsulePatches patches = new CapsulePatches(3, 2);
        INDArray grid = GradientCheck.random(6, 2, 7, 5, 2, 3); // 7x5 grid -> 3x2 windows
        INDArray p = patches.forward(grid);
        assertTrue(java.util.Arrays.equals(new long[] {2, 3, 2, 3, 3, 2, 3}, p.shape()));
        // window (1, 1), offset (2, 0) is grid position (1*2 + 2, 1*2 + 0) = (4, 2)
        assertEquals(grid.getDouble(1, 4, 2, 1, 2), p.getDouble(1, 1, 1, 2, 0, 1, 2), 0);
        INDArray weights = GradientCheck.random(7, p.shape());
        GradientCheck.assertMatches(
                "patches",
                patches.backward(weights, 7, 5),
                GradientCheck.numericGradient(patches::forward, grid, weights));
    }

    /** The Java receptive fields (CPU backend) and the ND4J strided copies agree, forward and backward. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.CsvSource({"2, DOUBLE", "1, DOUBLE", "2, FLOAT", "1, FLOAT"})
    void patchesJavaAndNd4jPathsAgree(int stride, DataType type) {
        CapsulePatches patches = new CapsulePatches(3, stride);
        INDArray grid = GradientCheck.random(8, 2, 7, 6, 2, 17).castTo(type);
        INDArray host = patches.forward(grid);
        assertEquals(patches.forwardNd4j(grid), host);
        INDArray grad = GradientCheck.random(9, host.shape()).castTo(type);
        double tolerance = type == DataType.DOUBLE ? 1e-12 : 1e-5;
        assertEquals(
                0.0,
                patches.backwardNd4j(grad, 7, 6)
                        .sub(patches.backward(grad, 7, 6))
                        .amaxNumber()
                        .doubleValue(),
                tolerance);
    }

    @Test
    void coordinateAdditionAddsScaledCentresToTheRightColumn() {
        INDArray votes = Nd4j.zeros(DataType.DOUBLE, 1, 6, 1, 1, 16); // a 2x3 grid
        CoordinateAddition.addInPlace(votes, 2, 3);
        assertEquals(1.5 / 2, votes.getDouble(0, 5, 0, 0, 3), 1e-15); // row 1 of 2
        assertEquals(2.5 / 3, votes.getDouble(0, 5, 0, 0, 7), 1e-15); // column 2 of 3
        assertEquals(2 * (1.5 / 2 + 2.5 / 3), votes.sumNumber().doubleValue() - sumOtherPositions(votes), 1e-12);
    }

    private static double sumOtherPositions(INDArray votes) {
        return votes.sumNumber().doubleValue() - 2 * (1.5 / 2 + 2.5 / 3);
    }

    /** a = (0.9, 0.5, 0.8), target 0, m = 0.2: only class 2 is within the margin: (0.2 - 0.1)^2 = 0.01. */
    @Test
    void spreadLossMatchesAHandComputedCase() {
        INDArray a = Nd4j.createFromArray(new double[][] {{0.9, 0.5, 0.8}});
        INDArray t = Nd4j.createFromArray(new double[][] {{1, 0, 0}});
        SpreadLoss loss = new SpreadLoss(0.2);
        assertEquals(0.01, loss.perExample(a, t).getDouble(0), 1e-12);
        INDArray g = loss.gradient(a, t);
        assertTrue(Nd4j.createFromArray(new double[][] {{-0.2, 0, 0.2}}).equalsWithEps(g, 1e-12), g.toString());
    }

    @Test
    void spreadLossGradientMatchesFiniteDifferences() {
        INDArray a = Transforms.sigmoid(GradientCheck.random(8, 4, 5), false);
        INDArray t = Nd4j.zeros(DataType.DOUBLE, 4, 5);
        for (int i = 0; i < 4; i++) {
            t.putScalar(i, (i * 3) % 5, 1.0);
        }
        SpreadLoss loss = new SpreadLoss(0.7);
        INDArray one = Nd4j.ones(DataType.DOUBLE, 4);
        GradientCheck.assertMatches(
                "spread loss", loss.gradient(a, t), GradientCheck.numericGradient(x -> loss.perExample(x, t), a, one));
    }
}
