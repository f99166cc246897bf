package org.capsnet.model.em;

/**
 * Floating-point operations of one example through an {@link EmCapsNetConfig} network (multiply-add = 2).
 * Votes: 4x4 times 4x4 is 64 multiply-adds per (group, child, parent). EM routing per vote entry (16 per vote)
 * and iteration: M-step 6 (weighted sum for the mean, difference, square, weight, sum for the variance), E-step 3
 * (square, divide, sum; the difference is shared), no E-step after the last M-step; the per-(child, parent) and
 * per-parent terms are left out (at most a few percent). A training step costs the forward pass three times
 * (forward, input gradient, weight gradient), conv A twice (no input gradient).
 */
final class EmFlopCount {
    private EmFlopCount() {}

    static double convAForward(EmCapsNetConfig a) {
        double cells = (double) a.primaryGridSize() * a.primaryGridSize();
        return 2 * cells * a.convAChannels() * EmCapsNetConfig.CONV_A_KERNEL * EmCapsNetConfig.CONV_A_KERNEL;
    }

    static double primaryForward(EmCapsNetConfig a) {
        double cells = (double) a.primaryGridSize() * a.primaryGridSize();
        return 2 * cells * a.convAChannels() * a.primaryTypes() * 17;
    }

    /** Votes and routing of groups x children x parents votes. */
    static double capsulesForward(double groups, double children, double parents, int iterations) {
        double votes = groups * children * parents;
        return votes * 128 + votes * 16 * (6.0 * iterations + 3.0 * (iterations - 1));
    }

    static double forwardPerImage(EmCapsNetConfig a) {
        int k2 = EmCapsNetConfig.CAPS_KERNEL * EmCapsNetConfig.CAPS_KERNEL;
        double c = capsulesForward(
                (double) a.convCGridSize() * a.convCGridSize(), k2 * a.primaryTypes(), a.convCTypes(), a.iterations());
        double d = capsulesForward(
                (double) a.convDGridSize() * a.convDGridSize(), k2 * a.convCTypes(), a.convDTypes(), a.iterations());
        double cls = capsulesForward(
                1, (double) a.convDGridSize() * a.convDGridSize() * a.convDTypes(), a.numClasses(), a.iterations());
        return convAForward(a) + primaryForward(a) + c + d + cls;
    }

    static double trainingPerImage(EmCapsNetConfig a) {
        return 2 * convAForward(a) + 3 * (forwardPerImage(a) - convAForward(a));
    }
}
