package org.capsnet.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.factory.Nd4j;

class ClassTargetsTest {

    @Test
    void oneDigitGivesOneHot() {
        double[][] t = ClassTargets.kHot(Nd4j.createFromArray(new float[][] {{3}, {0}}), 4, DataType.FLOAT)
                .toDoubleMatrix();
        assertArrayEquals(new double[] {0, 0, 0, 1}, t[0]);
        assertArrayEquals(new double[] {1, 0, 0, 0}, t[1]);
    }

    @Test
    void twoDigitsGiveTheSumOfTheirOneHots() {
        double[][] t = ClassTargets.kHot(Nd4j.createFromArray(new float[][] {{1, 3}, {2, 0}}), 4, DataType.DOUBLE)
                .toDoubleMatrix();
        assertArrayEquals(new double[] {0, 1, 0, 1}, t[0]);
        assertArrayEquals(new double[] {1, 0, 1, 0}, t[1]);
    }
}
