package org.capsnet.model;

import java.io.Serializable;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.shade.jackson.annotation.JsonTypeInfo;

/**
 * What the trainer, the evaluator and the Spark code need of a network family (the CapsNet, the paper's baseline
 * CNN), so that both train and score through the same code. Implementations are immutable and Serializable (they
 * travel to executors) and are saved in the model's provenance.
 * <p>
 * Data shapes: {@code images [B, P]} pixels in [0, 1], P = inputSize²; {@code labels [B, k]} the class of each of
 * the k digits in an image (k = 1 for MNIST, 2 for MultiMNIST), as floats; {@code sources [B, k*P]} each digit's
 * own image (MultiMNIST) or null (then the image itself is the only digit).
 * <p>
 * In JSON (model provenance) an architecture carries its {@link #family()} as the property {@code "family"}, by
 * which it is read back as the right class by a mapper that registered the families of
 * {@code org.capsnet.model.family.Families} (the one list of families, with the names their {@link #family()}
 * returns). An unknown family fails to read; JSON without the property (provenance written before there were
 * families) is read as a CapsNet by the provenance's reader.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "family")
public interface NetworkArchitecture extends Serializable {
    /** A short stable name of the family, e.g. "capsnet" or "baseline-cnn". */
    String family();

    /** The side of the square input image. */
    int inputSize();

    int numClasses();

    /** This architecture for another input size (the layer sizes follow from it). */
    NetworkArchitecture withInputSize(int inputSize);

    /**
     * This architecture for images holding {@code digits} digits each (1 for MNIST, 2 for MultiMNIST). A family
     * whose graph does not depend on it (its class scores are trained against the summed one-hot vector of the
     * digits either way) returns itself.
     */
    default NetworkArchitecture withDigitsPerImage(int digits) {
        return this;
    }

    /** A new, initialised network. Its first output is the class scores {@code [B, numClasses]}. */
    ComputationGraph create(IUpdater updater, long seed, DataType dataType);

    /** A training (and scoring) minibatch in the network's input and label format. */
    MultiDataSet trainingBatch(INDArray images, INDArray labels, INDArray sources);

    /** The network's inputs for inference on {@code images}. */
    INDArray[] inferenceInputs(INDArray images);

    long parameterCount();

    /** Floating-point operations of one training step (forward and backward) per image. */
    double trainingFlopsPerImage();
}
