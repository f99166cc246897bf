package org.capsnet.eval.pictures;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import org.capsnet.model.em.EmCapsNetConfig;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;

class EmAssignmentsTest {
    /** 21x21 input: grids 9 -> 4 -> 2, so 2 x 2 positions x 2 types = 8 children of 3 class capsules. */
    private static final EmCapsNetConfig ARCH = EmCapsNetConfig.builder()
            .inputSize(21)
            .numClasses(3)
            .sizes(3, 2, 2, 2)
            .iterations(2)
            .build();

    @Test
    void oneInferencePassGivesEachChildsAssignmentsOverTheClassCapsules() {
        ComputationGraph graph = ARCH.create(new NoOp(), 7, DataType.FLOAT);
        Nd4j.getRandom().setSeed(3);
        INDArray images = Nd4j.rand(DataType.FLOAT, 2, ARCH.inputPixels());
        EmAssignments a = EmAssignments.infer(graph, ARCH, images);
        assertEquals(2, a.size());
        assertEquals(3, a.classes());
        assertEquals(2, a.gridSize());
        assertEquals(2, a.types());
        assertArrayEquals(new long[] {2, 8, 3}, a.assignments().shape());
        assertArrayEquals(graph.outputSingle(images).toDoubleMatrix()[1], a.activationsOf(1), 1e-6);
        for (int b = 0; b < 2; b++) {
            assertTrue(a.largestSumDeviation(b) < 1e-5, "example " + b + ": " + a.largestSumDeviation(b));
            for (double[] row : a.of(b)) {
                for (double v : row) {
                    assertTrue(v >= 0 && v <= 1, "R " + v);
                }
            }
        }
        double[] act = a.activationsOf(0);
        int best = 0;
        for (int j = 1; j < act.length; j++) {
            best = act[j] > act[best] ? j : best;
        }
        assertEquals(best, a.predicted()[0]);

        BufferedImage image = AssignmentPicture.render(a, 0, "1");
        ImageGrid grid = AssignmentPicture.grid(a.of(0), act, 2, 2, "t");
        assertEquals(grid.width(), image.getWidth());
        assertEquals(grid.height(), image.getHeight());
        Pictures.assertNotBlank(image);
    }
}
