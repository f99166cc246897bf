package org.capsnet.train;

import org.capsnet.data.LabelledImages;
import org.capsnet.data.Minibatches;
import org.capsnet.data.RandomShift;
import org.capsnet.model.NetworkArchitecture;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;

import java.util.List;
import java.util.Random;

/**
 * Single-machine epochs: shuffled minibatches, random shift augmentation, one optimiser step per minibatch.
 * MultiMNIST data (with per-digit source images) is not shifted: the generator already shifted each digit and
 * the paper adds no augmentation (shifting the image would also need its sources shifted alike).
 */
public final class LocalEpochFitter implements EpochFitter {
    private final NetworkArchitecture arch;
    private final TrainingConfig config;
    private final LabelledImages train;

    public LocalEpochFitter(NetworkArchitecture arch, TrainingConfig config, LabelledImages train) {
        this.arch = arch;
        this.config = config;
        this.train = train;
    }

    /** The seed of an epoch's shuffle and shifts: a function of the run's seed and the epoch only. */
    static long epochSeed(long seed, int epoch) {
        return seed * 1_000_003L + epoch;
    }

    @Override
    public EpochStats fit(ComputationGraph graph, int epoch, ProgressBar progress) {
        Random random = new Random(epochSeed(config.seed(), epoch));
        List<MultiDataSet> batches = Minibatches.shuffled(train, config.batchSize(), random);
        RandomShift shift = config.maxShift() > 0 && train.sources() == null
                ? new RandomShift(train.height(), train.width(), config.maxShift()) : null;
        long start = System.nanoTime();
        double lossSum = 0;
        long examples = 0;
        for (MultiDataSet batch : batches) {
            INDArray images = batch.getFeatures(0);
            if (shift != null) {
                images = shift.apply(images, random);
            }
            graph.fit(arch.trainingBatch(images, Minibatches.classes(batch), Minibatches.sources(batch)));
            double loss = graph.score();
            TrainingDivergedException.check(loss, epoch, examples);
            lossSum += loss * images.size(0);
            examples += images.size(0);
            progress.advance(images.size(0), loss);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return EpochStats.local(lossSum / Math.max(1, examples), examples, seconds);
    }
}
