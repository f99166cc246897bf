package org.capsnet.model;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Turns data minibatches (images {@code [B, P]}, class targets {@code [B, J]}) into what {@link CapsNetGraph}
 * takes: features {image, label} and labels {targets, image} (the decoder reconstructs its own input).
 */
public final class CapsNetInputs {
    private CapsNetInputs() {
    }

    /** Training and scoring input: the label feeds the mask, the image is the reconstruction target. */
    public static MultiDataSet forTraining(CapsNetConfig arch, INDArray images, INDArray targets) {
        if (!arch.hasDecoder()) {
            return new org.nd4j.linalg.dataset.MultiDataSet(new INDArray[] {images}, new INDArray[] {targets});
        }
        return new org.nd4j.linalg.dataset.MultiDataSet(new INDArray[] {images, targets},
                new INDArray[] {targets, images});
    }

    /** Inference input: at inference the mask uses the longest capsule, so the label input is all zeros. */
    public static INDArray[] forInference(CapsNetConfig arch, INDArray images) {
        if (!arch.hasDecoder()) {
            return new INDArray[] {images};
        }
        return new INDArray[] {images, Nd4j.zeros(images.dataType(), images.size(0), arch.numClasses())};
    }
}
