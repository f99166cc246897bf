package org.capsnet.capsule.em;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.function.Function;
import org.capsnet.capsule.GradientCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

class EmRoutingTest {
    private static final int N = 2;
    private static final int I = 5;
    private static final int J = 3;
    private static final int H = 4; // the routing does not depend on H = 16; small keeps the check fast

    /** Pose and activation side by side, [N, J*(H+1)], so one weighted sum checks both outputs. */
    private static INDArray outputs(EmRouting.Result r) {
        return Nd4j.hstack(r.pose().reshape(N, (long) J * H), r.activation());
    }

    private static INDArray[] analytic(
            EmRouting routing, INDArray v, INDArray a, INDArray bv, INDArray ba, INDArray weights) {
        INDArray gPose = weights.get(
                        org.nd4j.linalg.indexing.NDArrayIndex.all(),
                        org.nd4j.linalg.indexing.NDArrayIndex.interval(0, (long) J * H))
                .dup()
                .reshape(N, J, H);
        INDArray gAct = weights.get(
                        org.nd4j.linalg.indexing.NDArrayIndex.all(),
                        org.nd4j.linalg.indexing.NDArrayIndex.interval((long) J * H, (long) J * (H + 1)))
                .dup();
        return routing.backward(routing.forward(v, a, bv, ba), gPose, gAct);
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3})
    void gradientsThroughEveryIterationMatchFiniteDifferences(int iterations) {
        EmRouting routing = new EmRouting(iterations, 1.0);
        INDArray v = GradientCheck.random(10 + iterations, N, I, J, H);
        INDArray a = Transforms.sigmoid(GradientCheck.random(20 + iterations, N, I), false);
        INDArray bv = GradientCheck.random(30 + iterations, J).muli(0.5);
        INDArray ba = GradientCheck.random(40 + iterations, J).muli(0.5);
        INDArray weights = GradientCheck.random(50 + iterations, N, (long) J * (H + 1));
        INDArray[] g = analytic(routing, v, a, bv, ba, weights);
        Function<INDArray[], INDArray> f = in -> outputs(routing.forward(in[0], in[1], in[2], in[3]));
        INDArray[] inputs = {v, a, bv, ba};
        String[] names = {"votes", "child activations", "beta_v", "beta_a"};
        for (int k = 0; k < inputs.length; k++) {
            int which = k;
            INDArray numeric = GradientCheck.numericGradient(
                    x -> {
                        INDArray[] in = inputs.clone();
                        in[which] = x;
                        return f.apply(in);
                    },
                    inputs[k],
                    weights);
            GradientCheck.assertMatches(
                    "EM routing x" + iterations + ", " + names[k], g[k].reshape(numeric.shape()), numeric);
        }
    }

    @Test
    void assignmentsAreADistributionOverParents() {
        EmRouting routing = new EmRouting(3, 1.0);
        INDArray v = GradientCheck.random(1, N, I, J, H);
        INDArray a = Transforms.sigmoid(GradientCheck.random(2, N, I), false);
        EmRouting.Result r = routing.forward(v, a, Nd4j.zeros(DataType.DOUBLE, J), Nd4j.zeros(DataType.DOUBLE, J));
        INDArray sums = r.assignments().sum(2);
        assertTrue(sums.equalsWithEps(Nd4j.ones(DataType.DOUBLE, N, I), 1e-12), sums.toString());
        assertEquals(
                1.0 / J,
                new EmRouting(1, 1.0)
                        .forward(v, a, Nd4j.zeros(DataType.DOUBLE, J), Nd4j.zeros(DataType.DOUBLE, J))
                        .assignments()
                        .getDouble(0, 0, 0),
                1e-15);
    }

    /**
     * A parent whose votes agree gets the higher activation when both parents hold the same data (one iteration),
     * and the children are then assigned to the parent they fit. (After the children have all moved to parent 0,
     * parent 1 holds no data and its cost is 0, activation sigmoid(0) = 0.5: see the centred cost in EmRouting.)
     */
    @Test
    void agreeingVotesWinTheChildren() {
        // one group, 4 children, 2 parents: parent 0 receives 4 nearly equal votes, parent 1 scattered ones
        INDArray v = Nd4j.zeros(DataType.DOUBLE, 1, 4, 2, H);
        INDArray scatter = GradientCheck.random(3, 1, 4, 1, H).muli(3);
        v.get(
                        org.nd4j.linalg.indexing.NDArrayIndex.all(),
                        org.nd4j.linalg.indexing.NDArrayIndex.all(),
                        org.nd4j.linalg.indexing.NDArrayIndex.interval(1, 2),
                        org.nd4j.linalg.indexing.NDArrayIndex.all())
                .assign(scatter);
        v.get(
                        org.nd4j.linalg.indexing.NDArrayIndex.all(),
                        org.nd4j.linalg.indexing.NDArrayIndex.all(),
                        org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 1),
                        org.nd4j.linalg.indexing.NDArrayIndex.all())
                .assign(GradientCheck.random(4, 1, 4, 1, H).muli(0.01));
        INDArray zeros = Nd4j.zeros(DataType.DOUBLE, 2);
        EmRouting.Result one = new EmRouting(1, 1.0).forward(v, Nd4j.ones(DataType.DOUBLE, 1, 4), zeros, zeros);
        assertTrue(
                one.activation().getDouble(0, 0) > 0.9 && one.activation().getDouble(0, 1) < 0.1,
                one.activation().toString());
        EmRouting.Result r = new EmRouting(3, 1.0).forward(v, Nd4j.ones(DataType.DOUBLE, 1, 4), zeros, zeros);
        assertTrue(
                r.assignments()
                                .get(
                                        org.nd4j.linalg.indexing.NDArrayIndex.all(),
                                        org.nd4j.linalg.indexing.NDArrayIndex.all(),
                                        org.nd4j.linalg.indexing.NDArrayIndex.point(0))
                                .minNumber()
                                .doubleValue()
                        > 0.5,
                r.assignments().toString());
    }

    /** float32 with votes far apart (log likelihoods of -1e6) and dead children: finite outputs and gradients. */
    @Test
    void float32StaysFiniteForDistantVotesAndSilentChildren() {
        EmRouting routing = new EmRouting(3, 1.0);
        INDArray v = GradientCheck.random(5, N, I, J, H).muli(1000).castTo(DataType.FLOAT);
        INDArray a = Nd4j.zeros(DataType.FLOAT, N, I);
        a.putScalar(0, 0, 1.0);
        INDArray b = Nd4j.zeros(DataType.FLOAT, J);
        EmRouting.Result r = routing.forward(v, a, b, b);
        INDArray[] g = routing.backward(r, Nd4j.ones(DataType.FLOAT, N, J, H), Nd4j.ones(DataType.FLOAT, N, J));
        assertTrue(finite(r.pose()) && finite(r.activation()) && finite(r.assignments()), "forward has NaN/inf");
        for (INDArray x : g) {
            assertTrue(finite(x), "backward has NaN/inf");
        }
    }

    private static boolean finite(INDArray x) {
        double s = x.castTo(DataType.DOUBLE).sumNumber().doubleValue();
        return !Double.isNaN(s) && !Double.isInfinite(s);
    }
}
