package org.capsnet.model.vertices;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Hand-computed cases of the two-digit mask and of its inverse row stacking (3 capsules of 2D, 2 digits). */
class DigitsMaskVertexTest {
    private static final LayerWorkspaceMgr NO_WS = LayerWorkspaceMgr.noWorkspaces();

    private static DigitsMaskVertexImpl mask(INDArray caps, INDArray labels) {
        DigitsMaskVertexImpl v = new DigitsMaskVertexImpl(null, "mask", 0, 3, 2, 2, DataType.DOUBLE);
        v.setInputs(new INDArray[] {caps, labels});
        return v;
    }

    private static INDArray row(double... v) {
        return Nd4j.createFromArray(v).reshape(1, v.length);
    }

    @Test
    void trainingMaskKeepsEachDigitsCapsuleInItsOwnRow() {
        // capsules (1,2) (3,4) (5,6); digit 1 is class 2, digit 2 is class 0
        DigitsMaskVertexImpl v = mask(row(1, 2, 3, 4, 5, 6), row(0, 0, 1, 1, 0, 0));
        INDArray out = v.doForward(true, NO_WS);
        assertArrayEquals(new long[] {2, 6}, out.shape());
        assertArrayEquals(new double[] {0, 0, 0, 0, 5, 6}, out.getRow(0).toDoubleVector());
        assertArrayEquals(new double[] {1, 2, 0, 0, 0, 0}, out.getRow(1).toDoubleVector());
    }

    @Test
    void backwardSumsTheRowsOfBothDigitsThroughTheirMasks() {
        DigitsMaskVertexImpl v = mask(row(1, 2, 3, 4, 5, 6), row(0, 0, 1, 1, 0, 0));
        v.doForward(true, NO_WS);
        v.setEpsilon(Nd4j.createFromArray(new double[][] {{1, 2, 3, 4, 5, 6}, {10, 20, 30, 40, 50, 60}}));
        INDArray[] grads = v.doBackward(false, NO_WS).getSecond();
        assertArrayEquals(new double[] {10, 20, 0, 0, 5, 6}, grads[0].getRow(0).toDoubleVector());
        assertEquals(0.0, grads[1].sumNumber().doubleValue());
    }

    @Test
    void inferenceMaskTakesTheTwoLongestCapsulesLongestFirst() {
        // lengths 5, 0.1, 2.2: digit 1 = class 0, digit 2 = class 2; the label input is ignored
        DigitsMaskVertexImpl v = mask(row(3, 4, 0.1, 0, 2, 1), row(0, 1, 0, 0, 1, 0));
        INDArray out = v.doForward(false, NO_WS);
        assertArrayEquals(new double[] {3, 4, 0, 0, 0, 0}, out.getRow(0).toDoubleVector(), 1e-12);
        assertArrayEquals(new double[] {0, 0, 0, 0, 2, 1}, out.getRow(1).toDoubleVector(), 1e-12);
    }

    @Test
    void stackedRowsPutEachExamplesDigitsSideBySideAndBack() {
        StackedRowsVertex.Impl v = new StackedRowsVertex.Impl(null, "rows", 0, 2, 3, DataType.DOUBLE);
        INDArray in = Nd4j.createFromArray(new double[][] {{1, 2, 3}, {4, 5, 6}, {7, 8, 9}, {10, 11, 12}});
        v.setInputs(new INDArray[] {in});
        INDArray out = v.doForward(true, NO_WS);
        assertArrayEquals(new double[][] {{1, 2, 3, 4, 5, 6}, {7, 8, 9, 10, 11, 12}}, out.toDoubleMatrix());
        v.setEpsilon(out.mul(10));
        assertEquals(in.mul(10), v.doBackward(false, NO_WS).getSecond()[0]);
    }
}
