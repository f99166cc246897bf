package org.capsnet.eval.pictures;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.capsnet.model.CapsNetConfig;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.ndarray.INDArray;

class DigitCapsulesTest {
    @Test
    void couplingCoefficientsOfEachPrimaryCapsuleSumToOneOverClasses() {
        CapsNetConfig arch = Pictures.tinyArch(4, false);
        ComputationGraph graph = Pictures.network(arch);
        DigitCapsules capsules =
                DigitCapsules.infer(graph, arch, Pictures.tinyData(arch, 3).images());
        for (int b = 0; b < 3; b++) {
            double[][] c = capsules.couplingOf(b);
            assertEquals(arch.numPrimaryCapsules(), c.length);
            for (double[] row : c) {
                assertEquals(arch.numClasses(), row.length);
                assertEquals(1.0, java.util.Arrays.stream(row).sum(), 1e-5);
            }
        }
    }

    @Test
    void maskKeepsOnlyTheChosenCapsuleOfEachExample() {
        CapsNetConfig arch = Pictures.tinyArch(4, true);
        DigitCapsules capsules = DigitCapsules.infer(
                Pictures.network(arch), arch, Pictures.tinyData(arch, 2).images());
        INDArray masked = capsules.masked(new int[] {3, 7});
        for (int b = 0; b < 2; b++) {
            int keep = b == 0 ? 3 : 7;
            for (int j = 0; j < arch.numClasses(); j++) {
                for (int d = 0; d < 4; d++) {
                    double expected = j == keep ? capsules.poses().getDouble(b, j * 4 + d) : 0;
                    assertEquals(expected, masked.getDouble(b, j * 4 + d), 0);
                }
            }
        }
    }

    @Test
    void longestListsClassesByDecreasingCapsuleLength() {
        CapsNetConfig arch = Pictures.tinyArch(4, false);
        DigitCapsules capsules = DigitCapsules.infer(
                Pictures.network(arch), arch, Pictures.tinyData(arch, 4).images());
        double[][] lengths = capsules.lengths();
        int[][] top = capsules.longest(3);
        int[] best = capsules.longest();
        for (int b = 0; b < 4; b++) {
            assertEquals(best[b], top[b][0]);
            assertEquals(3, java.util.Arrays.stream(top[b]).distinct().count());
            for (int j = 0; j < arch.numClasses(); j++) {
                assertTrue(lengths[b][top[b][0]] >= lengths[b][j]);
            }
            assertTrue(lengths[b][top[b][0]] >= lengths[b][top[b][1]]);
            assertTrue(lengths[b][top[b][1]] >= lengths[b][top[b][2]]);
        }
    }
}
