package org.capsnet.model;

/**
 * Floating-point operations of one example through a CapsNet (multiply-add = 2), for throughput and MFU figures.
 * Backward costs twice the forward for layers that need the input gradient and once for Conv1, which does not.
 */
public final class FlopCount {
    private FlopCount() {}

    public static double conv1Forward(CapsNetConfig a) {
        double out = (double) a.conv1OutputSize() * a.conv1OutputSize() * a.conv1Channels();
        return 2 * out * a.conv1Kernel() * a.conv1Kernel();
    }

    public static double primaryCapsForward(CapsNetConfig a) {
        double out =
                (double) a.primaryGridSize() * a.primaryGridSize() * a.primaryCapsuleChannels() * a.primaryCapsuleDim();
        return 2 * out * a.primaryKernel() * a.primaryKernel() * a.conv1Channels();
    }

    /** Prediction vectors plus, per routing iteration, the weighted sum and the agreement. */
    public static double digitCapsForward(CapsNetConfig a) {
        double pairs = (double) a.numPrimaryCapsules() * a.numClasses();
        double predictions = 2 * pairs * a.digitCapsuleDim() * a.primaryCapsuleDim();
        double routing = a.routings() * 2 * (2 * pairs * a.digitCapsuleDim());
        return predictions + routing;
    }

    /** The decoder runs once per digit of the image. */
    public static double decoderForward(CapsNetConfig a) {
        double flops = 0;
        long in = (long) a.numClasses() * a.digitCapsuleDim();
        if (!a.hasDecoder()) {
            return 0;
        }
        for (int hidden : a.decoderHidden()) {
            flops += 2.0 * in * hidden;
            in = hidden;
        }
        return (flops + 2.0 * in * a.inputPixels()) * a.digitsPerImage();
    }

    public static double forwardPerImage(CapsNetConfig a) {
        return conv1Forward(a) + primaryCapsForward(a) + digitCapsForward(a) + decoderForward(a);
    }

    /** Forward plus backward of one training example. */
    public static double trainingPerImage(CapsNetConfig a) {
        return 2 * conv1Forward(a) + 3 * (primaryCapsForward(a) + digitCapsForward(a) + decoderForward(a));
    }
}
