package org.capsnet.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.graph.LayerVertex;
import org.deeplearning4j.nn.conf.layers.BaseLayer;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.indexing.NDArrayIndex;
import org.nd4j.linalg.learning.GradientUpdater;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.schedule.ExponentialSchedule;
import org.nd4j.linalg.schedule.ScheduleType;

class HostAdamTest {
    private static final int N = 3 * 8192 + 517; // several chunks and a partial one

    private static HostAdam host() {
        return HostAdam.of(new ExponentialSchedule(ScheduleType.EPOCH, 1e-3, 0.9), 0.9, 0.999, 1e-7);
    }

    private static Adam nd4j() {
        return Adam.builder()
                .learningRateSchedule(new ExponentialSchedule(ScheduleType.EPOCH, 1e-3, 0.9))
                .beta1(0.9)
                .beta2(0.999)
                .epsilon(1e-7)
                .build();
    }

    /** Runs {@code steps} updates of gradients drawn from {@code seed}; returns {last update, state}. */
    private static INDArray[] run(IUpdater config, DataType type, int steps, boolean offsetViews) {
        Nd4j.getRandom().setSeed(17);
        // Views at an offset into larger buffers, as DL4J's updater blocks and gradient views are.
        INDArray stateBuffer = Nd4j.zeros(type, 1, 2 * N + 10);
        INDArray state = offsetViews
                ? stateBuffer.get(NDArrayIndex.point(0), NDArrayIndex.interval(10, 10 + 2 * N))
                : Nd4j.zeros(type, 1, 2 * N);
        GradientUpdater updater = config.instantiate(state.reshape(1, 2 * N), true);
        INDArray update = null;
        for (int step = 0; step < steps; step++) {
            INDArray gradBuffer = Nd4j.randn(type, 1, N + 3).muli(step % 2 == 0 ? 1.0 : 1e-3);
            INDArray gradient = offsetViews
                    ? gradBuffer.get(NDArrayIndex.point(0), NDArrayIndex.interval(3, N + 3))
                    : gradBuffer
                            .get(NDArrayIndex.point(0), NDArrayIndex.interval(0, N))
                            .dup();
            updater.applyUpdater(gradient.reshape(1, N), step, step / 3);
            update = gradient.dup();
        }
        return new INDArray[] {update, state.dup()};
    }

    @Test
    void float32UpdatesAndStateMatchNd4jsAdamOverSeveralStepsAndEpochs() {
        for (boolean offsetViews : new boolean[] {false, true}) {
            INDArray[] expected = run(nd4j(), DataType.FLOAT, 7, offsetViews);
            INDArray[] actual = run(host(), DataType.FLOAT, 7, offsetViews);
            for (int k = 0; k < 2; k++) {
                double scale = expected[k].norm2Number().doubleValue();
                double error = expected[k].sub(actual[k]).norm2Number().doubleValue();
                assertTrue(scale > 0, "nothing was updated");
                assertTrue(
                        error <= 1e-6 * scale, (k == 0 ? "update" : "state") + " differs: " + error + " of " + scale);
            }
        }
    }

    @Test
    void float64TakesNd4jsOpExactly() {
        INDArray[] expected = run(nd4j(), DataType.DOUBLE, 4, true);
        INDArray[] actual = run(host(), DataType.DOUBLE, 4, true);
        assertEquals(expected[0], actual[0]);
        assertEquals(expected[1], actual[1]);
    }

    @Test
    void stepSizeIsAdamsBiasCorrectionAndFallsBackToEpsilonWhenNotFinite() {
        float a = HostAdamUpdater.stepSize(1e-3, 0.9f, 0.999f, 1e-7f, 0);
        assertEquals(1e-3 * Math.sqrt(1 - 0.999) / (1 - 0.9), a, 1e-5 * a); // beta2 = 0.999 is inexact in float
        assertEquals(1e-7f, HostAdamUpdater.stepSize(1e-3, 1f, 0.999f, 1e-7f, 0)); // 1 - b1^t = 0
    }

    @Test
    void roundTripsThroughTheNetworkJsonAsItselfAndEqualsOnlyItsOwnKind() {
        ComputationGraphConfiguration conf = new NeuralNetConfiguration.Builder()
                .updater(host())
                .graphBuilder()
                .addInputs("in")
                .addLayer("dense", new DenseLayer.Builder().nIn(3).nOut(2).build(), "in")
                .setOutputs("dense")
                .build();
        ComputationGraphConfiguration read = ComputationGraphConfiguration.fromJson(conf.toJson());
        LayerVertex vertex = (LayerVertex) read.getVertices().get("dense");
        IUpdater updater = ((BaseLayer) vertex.getLayerConf().getLayer()).getIUpdater();
        assertInstanceOf(HostAdam.class, updater);
        assertEquals(host(), updater);
        assertInstanceOf(HostAdam.class, host().clone());
        assertEquals(host(), host().clone());
        assertNotEquals(host(), nd4j());
        assertNotEquals(nd4j(), host());
    }
}
