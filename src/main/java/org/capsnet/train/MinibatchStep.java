package org.capsnet.train;

import org.capsnet.data.ExampleReader;
import org.capsnet.data.LabelledImages;
import org.capsnet.data.Minibatches;
import org.capsnet.data.RandomShift;
import org.capsnet.model.NetworkArchitecture;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.learning.config.IUpdater;

/**
 * One optimiser step on minibatch k of an {@link EpochPlan}: read its examples, shift the images (single digits
 * only: MultiMNIST pairs come shifted by the generator, and the paper adds no augmentation), fit. The one code path
 * of the single-machine trainer and of every Spark worker, so both train on the same inputs. The step reports the
 * learning rate and Adam step the network applied, read from the network itself.
 */
public final class MinibatchStep {
    /** What one step did: loss, examples, and the learning rate and Adam step t (1-based) it applied. */
    public record Result(double loss, int examples, double learningRate, long adamStep) {}

    private final NetworkArchitecture arch;
    private final ExampleReader reader;
    private final int maxShift;

    public MinibatchStep(NetworkArchitecture arch, ExampleReader reader, int maxShift) {
        this.arch = arch;
        this.reader = reader;
        this.maxShift = maxShift;
    }

    public Result fit(ComputationGraph graph, EpochPlan plan, int minibatch) {
        LabelledImages data = reader.read(plan.exampleIds(minibatch));
        INDArray images = data.images();
        if (maxShift > 0 && data.sources() == null) {
            images = new RandomShift(data.height(), data.width(), maxShift).apply(images, plan.augmentation(minibatch));
        }
        INDArray classes = Minibatches.classIndices(data.labels(), 0, data.size());
        MultiDataSet batch = castTo(
                arch.trainingBatch(images, classes, data.sources()),
                graph.params().dataType());
        long iteration = graph.getConfiguration().getIterationCount();
        int epoch = graph.getConfiguration().getEpochCount();
        double lr = learningRate(graph, iteration, epoch);
        graph.fit(batch);
        return new Result(graph.score(), data.size(), lr, iteration + 1);
    }

    /** The learning rate the network's own updater configuration gives at (iteration, epoch). */
    public static double learningRate(ComputationGraph graph, long iteration, int epoch) {
        for (Layer layer : graph.getLayers()) {
            for (String param : layer.paramTable().keySet()) {
                IUpdater updater = layer.conf().getLayer().getUpdaterByParam(param);
                if (updater != null && updater.hasLearningRate()) {
                    return updater.getLearningRate((int) iteration, epoch);
                }
            }
        }
        return Double.NaN;
    }

    private static MultiDataSet castTo(MultiDataSet batch, DataType type) {
        INDArray[] features = batch.getFeatures();
        INDArray[] labels = batch.getLabels();
        for (int i = 0; i < features.length; i++) {
            features[i] = features[i].dataType() == type ? features[i] : features[i].castTo(type);
        }
        for (int i = 0; i < labels.length; i++) {
            labels[i] = labels[i].dataType() == type ? labels[i] : labels[i].castTo(type);
        }
        return new org.nd4j.linalg.dataset.MultiDataSet(
                features, labels, batch.getFeaturesMaskArrays(), batch.getLabelsMaskArrays());
    }
}
