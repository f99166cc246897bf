package org.capsnet.capsule;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import java.util.Arrays;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.api.memory.conf.WorkspaceConfiguration;
import org.nd4j.linalg.api.memory.enums.AllocationPolicy;
import org.nd4j.linalg.api.memory.enums.LearningPolicy;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Times the DigitCaps maths at the paper's size (B=32, I=1152, J=10, D=16, Din=8, float32, 3 routings) and prints
 * the milliseconds; asserts nothing about time. Measured twice: with plain allocations, and inside a workspace the
 * way DL4J layers run (fresh 24 MB buffers cost page faults that a workspace avoids).
 */
@Tag("slow")
class CapsuleTimingTest {

    private static final int B = 32;
    private static final int I = 1152;
    private static final int J = 10;
    private static final int D = 16;
    private static final int DIN = 8;
    private static final int REPEATS = 7;

    @Test
    void timeDigitCapsForwardAndBackward() {
        Nd4j.getRandom().setSeed(7);
        INDArray u = Nd4j.rand(DataType.FLOAT, B, I, DIN).subi(0.5);
        INDArray w = Nd4j.randn(DataType.FLOAT, I, DIN, J * D).muli(0.05);
        INDArray gradV = Nd4j.randn(DataType.FLOAT, B, J, D);
        DynamicRouting routing = new DynamicRouting(3, false);
        INDArray uHat = PredictionVectors.forward(u, w, J, D);
        assertArrayEquals(new long[] {B, I, J, D}, uHat.shape());
        INDArray gradUHat = routing.backward(routing.forward(uHat), gradV);

        WorkspaceConfiguration conf = WorkspaceConfiguration.builder()
                .policyLearning(LearningPolicy.FIRST_LOOP)
                .policyAllocation(AllocationPolicy.OVERALLOCATE).overallocationLimit(0.2)
                .build();
        for (boolean workspace : new boolean[] {false, true}) {
            long[] predictFwd = new long[REPEATS + 2];
            long[] predictBwd = new long[REPEATS + 2];
            long[] routeFwd = new long[REPEATS + 2];
            long[] routeBwd = new long[REPEATS + 2];
            for (int k = 0; k < REPEATS + 2; k++) {
                try (MemoryWorkspace ws = workspace
                        ? Nd4j.getWorkspaceManager().getAndActivateWorkspace(conf, "CAPSULE_TIMING") : null) {
                    long t0 = System.nanoTime();
                    INDArray predicted = PredictionVectors.forward(u, w, J, D);
                    long t1 = System.nanoTime();
                    DynamicRouting.Result result = routing.forward(predicted);
                    result.v().sumNumber();
                    long t2 = System.nanoTime();
                    INDArray g = routing.backward(result, gradV);
                    g.getDouble(0);
                    long t3 = System.nanoTime();
                    INDArray[] grads = PredictionVectors.backward(u, w, gradUHat);
                    grads[1].getDouble(0);
                    long t4 = System.nanoTime();
                    predictFwd[k] = t1 - t0;
                    routeFwd[k] = t2 - t1;
                    routeBwd[k] = t3 - t2;
                    predictBwd[k] = t4 - t3;
                }
            }
            String mode = workspace ? "in a workspace" : "plain allocation";
            System.out.printf("capsule timing (%s, %d cores, load %.1f, float32, B=%d), median/min ms: prediction"
                    + " fwd %s, bwd %s; routing x3 fwd %s, bwd %s; routing fwd+bwd median %.1f, min %.1f%n",
                    mode, Runtime.getRuntime().availableProcessors(),
                    java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), B,
                    median(predictFwd), median(predictBwd), median(routeFwd), median(routeBwd),
                    medianOfSum(routeFwd, routeBwd, false), medianOfSum(routeFwd, routeBwd, true));
        }
    }

    /** "median/min" in ms, leaving out the two warm-up rounds. */
    private static String median(long[] nanos) {
        long[] measured = Arrays.copyOfRange(nanos, 2, nanos.length);
        return String.format("%.1f/%.1f", pick(measured, false), pick(measured, true));
    }

    private static double medianOfSum(long[] a, long[] b, boolean min) {
        long[] sum = new long[a.length - 2];
        for (int k = 0; k < sum.length; k++) {
            sum[k] = a[k + 2] + b[k + 2];
        }
        return pick(sum, min);
    }

    private static double pick(long[] nanos, boolean min) {
        long[] sorted = nanos.clone();
        Arrays.sort(sorted);
        return (min ? sorted[0] : sorted[sorted.length / 2]) / 1e6;
    }
}
