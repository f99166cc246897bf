package org.capsnet.capsule.em;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.capsnet.capsule.GradientCheck;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The Java votes-and-routing (CPU backend) and the ND4J ops (MatrixVotes, CoordinateAddition, EmRouting; every
 * other backend) compute the same outputs and gradients, on receptive fields of overlapping windows (the
 * convolutional capsule layers) and on whole grids with coordinate addition (the class capsules); and the Java path's
 * gradients match finite differences in float64.
 */
class HostMatrixRoutingTest {
    private static final int B = 2;
    private static final int GRID = 5;
    private static final int TYPES = 2;
    private static final int J = 3;

    /** One call's inputs: poses [N, I, 4, 4], activations [N, I], W [T, 4, J, 4], betas [J]. */
    private record Case(
            INDArray poses,
            INDArray activations,
            INDArray w,
            INDArray betaV,
            INDArray betaA,
            int groupsPerExample,
            boolean coordinates) {
        int types() {
            return (int) w.size(0);
        }

        int children() {
            return (int) poses.size(1);
        }

        Case with(int which, INDArray x) {
            return new Case(
                    which == 0 ? x : poses,
                    which == 1 ? x : activations,
                    which == 2 ? x : w,
                    which == 3 ? x : betaV,
                    which == 4 ? x : betaA,
                    groupsPerExample,
                    coordinates);
        }

        INDArray input(int which) {
            return new INDArray[] {poses, activations, w, betaV, betaA}[which];
        }

        double[] offsets() {
            return coordinates ? CoordinateAddition.childOffsets(GRID, GRID, types()) : null;
        }
    }

    /** A convolutional capsule layer's windows: K = 3 at the given stride over a 5x5 grid, overlapping at stride 1. */
    private static Case convolutional(int stride, DataType type) {
        CapsulePatches patches = new CapsulePatches(3, stride);
        int out = patches.outSize(GRID);
        INDArray grid = GradientCheck.random(11 + stride, B, GRID, GRID, TYPES, 17)
                .muli(0.5)
                .castTo(type);
        INDArray p = patches.forward(grid).reshape('c', (long) B * out * out, 9 * TYPES, 17);
        INDArray poses = p.get(all(), all(), org.nd4j.linalg.indexing.NDArrayIndex.interval(0, 16))
                .dup('c')
                .reshape((long) B * out * out, 9 * TYPES, 4, 4);
        INDArray activations = Transforms.sigmoid(
                        p.get(all(), all(), org.nd4j.linalg.indexing.NDArrayIndex.point(16)), true)
                .dup('c');
        return new Case(
                poses,
                activations,
                GradientCheck.random(21, 9 * TYPES, 4, J, 4).castTo(type),
                GradientCheck.random(22, J).muli(0.3).castTo(type),
                GradientCheck.random(23, J).muli(0.3).castTo(type),
                out * out,
                false);
    }

    /** The class capsules: one group per image of GRID*GRID*TYPES children sharing TYPES transformations. */
    private static Case classes(DataType type) {
        long children = (long) GRID * GRID * TYPES;
        return new Case(
                GradientCheck.random(31, B, children, 4, 4).muli(0.5).castTo(type),
                Transforms.sigmoid(GradientCheck.random(32, B, children), false).castTo(type),
                GradientCheck.random(33, TYPES, 4, J, 4).castTo(type),
                GradientCheck.random(34, J).muli(0.3).castTo(type),
                GradientCheck.random(35, J).muli(0.3).castTo(type),
                1,
                true);
    }

    private static Case make(String kind, DataType type) {
        return switch (kind) {
            case "stride2" -> convolutional(2, type);
            case "stride1" -> convolutional(1, type);
            default -> classes(type);
        };
    }

    /** The ND4J path: votes per child type, coordinate addition, EM routing. */
    private static INDArray nd4jVotes(Case c) {
        long n = c.poses.size(0);
        int t = c.types();
        INDArray votes = MatrixVotes.forward(c.poses.reshape(n * c.children() / t, t, 4, 4), c.w);
        if (c.coordinates) {
            CoordinateAddition.addInPlace(votes.reshape(n, (long) GRID * GRID, t, J, 16), GRID, GRID);
        }
        return votes.reshape(n, c.children(), J, 16);
    }

    @ParameterizedTest
    @CsvSource({
        "stride2, 1, DOUBLE",
        "stride2, 3, DOUBLE",
        "stride1, 2, DOUBLE",
        "classes, 2, DOUBLE",
        "classes, 3, DOUBLE",
        "stride2, 2, FLOAT",
        "stride1, 3, FLOAT",
        "classes, 2, FLOAT"
    })
    void javaAndNd4jPathsAgree(String kind, int iterations, DataType type) {
        Case c = make(kind, type);
        EmRouting routing = new EmRouting(iterations, 1.0);
        long n = c.poses.size(0);
        INDArray gradPose = GradientCheck.random(41, n, J, 16).castTo(type);
        INDArray gradAct = GradientCheck.random(42, n, J).castTo(type);
        assertTrue(HostMatrixRouting.supports(c.poses, c.activations, c.w));

        HostMatrixRouting.Result host = HostMatrixRouting.forward(
                routing, c.poses, c.activations, c.w, c.betaV, c.betaA, c.offsets(), c.groupsPerExample);
        INDArray votes = nd4jVotes(c);
        EmRouting.Result nd4j = routing.forward(votes, c.activations, c.betaV, c.betaA);
        double tolerance = type == DataType.DOUBLE ? 1e-10 : 2e-4;
        assertClose(nd4j.pose(), host.pose(), tolerance, "pose");
        assertClose(nd4j.activation(), host.activation(), tolerance, "activation");
        assertClose(nd4j.assignments(), host.assignments(), tolerance, "assignments");

        INDArray[] h = HostMatrixRouting.backward(host, gradPose, gradAct);
        INDArray[] routed = routing.backward(nd4j, gradPose, gradAct);
        INDArray[] voted = MatrixVotes.backward(
                c.poses.reshape(n * c.children() / c.types(), c.types(), 4, 4),
                c.w,
                routed[0].reshape(n * c.children() / c.types(), c.types(), J, 16));
        String[] names = {"dL/dposes", "dL/dactivations", "dL/dW", "dL/dbeta_v", "dL/dbeta_a"};
        INDArray[] expected = {voted[0].reshape(c.poses.shape()), routed[1], voted[1], routed[2], routed[3]};
        for (int k = 0; k < names.length; k++) {
            INDArray e = expected[k].reshape(h[k].shape());
            double scale = Math.max(1.0, e.amaxNumber().doubleValue());
            assertClose(e, h[k], tolerance * 10 * scale, names[k]);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"stride2 2", "stride1 1", "classes 3"})
    void gradientsMatchFiniteDifferences(String spec) {
        String kind = spec.split(" ")[0];
        int iterations = Integer.parseInt(spec.split(" ")[1]);
        Case c = make(kind, DataType.DOUBLE);
        EmRouting routing = new EmRouting(iterations, 1.0);
        long n = c.poses.size(0);
        INDArray weights = GradientCheck.random(51, n, (long) J * 17);
        INDArray gPose = weights.get(all(), org.nd4j.linalg.indexing.NDArrayIndex.interval(0, J * 16))
                .dup()
                .reshape(n, J, 16);
        INDArray gAct = weights.get(all(), org.nd4j.linalg.indexing.NDArrayIndex.interval(J * 16, J * 17))
                .dup();
        INDArray[] analytic = HostMatrixRouting.backward(forward(routing, c), gPose, gAct);
        String[] names = {"poses", "activations", "W", "beta_v", "beta_a"};
        for (int k = 0; k < names.length; k++) {
            int which = k;
            INDArray numeric = GradientCheck.numericGradient(
                    x -> outputs(
                            forward(
                                    routing,
                                    c.with(which, x.reshape(c.input(which).shape()))),
                            n),
                    c.input(k),
                    weights);
            GradientCheck.assertMatches(
                    kind + " x" + iterations + ", " + names[k], analytic[k].reshape(numeric.shape()), numeric);
        }
    }

    /** Each group is computed by one thread and dW is reduced in chunk order: repeated calls agree to the bit. */
    @org.junit.jupiter.api.Test
    void repeatedCallsGiveIdenticalBits() {
        Case c = make("stride1", DataType.FLOAT);
        EmRouting routing = new EmRouting(2, 1.0);
        long n = c.poses.size(0);
        INDArray gradPose = GradientCheck.random(61, n, J, 16).castTo(DataType.FLOAT);
        INDArray gradAct = GradientCheck.random(62, n, J).castTo(DataType.FLOAT);
        INDArray[] first = HostMatrixRouting.backward(forward(routing, c), gradPose, gradAct);
        for (int run = 0; run < 3; run++) {
            INDArray[] again = HostMatrixRouting.backward(forward(routing, c), gradPose, gradAct);
            for (int k = 0; k < first.length; k++) {
                assertEquals(first[k], again[k], "gradient " + k + " differs on run " + run);
            }
        }
    }

    private static HostMatrixRouting.Result forward(EmRouting routing, Case c) {
        return HostMatrixRouting.forward(
                routing, c.poses, c.activations, c.w, c.betaV, c.betaA, c.offsets(), c.groupsPerExample);
    }

    /** Pose and activation side by side, [N, J*17]. */
    private static INDArray outputs(HostMatrixRouting.Result r, long n) {
        return Nd4j.hstack(r.pose().reshape(n, (long) J * 16), r.activation());
    }

    private static org.nd4j.linalg.indexing.INDArrayIndex all() {
        return org.nd4j.linalg.indexing.NDArrayIndex.all();
    }

    private static void assertClose(INDArray expected, INDArray actual, double tolerance, String what) {
        assertTrue(java.util.Arrays.equals(expected.shape(), actual.shape()), what + ": shapes differ");
        assertEquals(0.0, expected.sub(actual).amaxNumber().doubleValue(), tolerance, what);
    }
}
