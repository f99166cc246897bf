package org.capsnet.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.capsnet.data.TestData;
import org.capsnet.model.CapsNetConfig;
import org.capsnet.train.CheckpointPolicy;
import org.capsnet.train.EpochRecord;
import org.capsnet.train.ProgressBar;
import org.capsnet.train.TrainingConfig;
import org.capsnet.train.TrainingJob;
import org.capsnet.train.TrainingLoop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A short real run on local[2]: 1000 MNIST digits, a small CapsNet, 2 workers averaging every 2 minibatches. */
class SparkTrainingTest extends SharedSparkContext {
    @TempDir
    Path tmp;

    @Test
    void lossFallsAndTestAccuracyRisesWellAboveChance() throws Exception {
        Path data = tmp.resolve("data");
        TestData.mnistSubset(data, 1000, 200);
        CapsNetConfig arch = CapsNetConfig.builder()
                .conv1Channels(16)
                .conv1Kernel(9)
                .primaryCapsuleChannels(4)
                .primaryCapsuleDim(8)
                .primaryKernel(9)
                .primaryStride(2)
                .digitCapsuleDim(8)
                .routings(2)
                .decoderHidden(64)
                .build();
        TrainingConfig config = TrainingConfig.builder()
                .epochs(4)
                .batchSize(25)
                .learningRate(0.01)
                .learningRateDecay(0.9)
                .maxShift(1)
                .seed(3)
                .build();
        SparkTrainerConfig spark =
                SparkTrainerConfig.builder().workers(2).averagingFrequency(2).build();
        Path model = tmp.resolve("model.zip");
        TrainingJob.Paths paths =
                new TrainingJob.Paths(data, model, tmp.resolve("ckpt"), tmp.resolve("m.jsonl"), false);

        TrainingLoop.Result result =
                SparkTraining.run(sc, arch, config, spark, paths, CheckpointPolicy.END_OF_EPOCH, ProgressBar.silent());

        List<EpochRecord> epochs = result.epochs();
        assertEquals(4, epochs.size());
        double firstLoss = epochs.get(0).trainLoss();
        double lastLoss = epochs.get(3).trainLoss();
        double accuracy = epochs.get(3).testAccuracy();
        System.out.println("loss " + firstLoss + " -> " + lastLoss + ", test accuracy " + accuracy);
        assertEquals(1000L, epochs.get(0).examples());
        assertTrue(lastLoss < 0.8 * firstLoss, "loss " + firstLoss + " -> " + lastLoss);
        assertTrue(accuracy > 0.6, "test accuracy " + accuracy);
        assertTrue(Files.size(model) > 0);
        assertTrue(epochs.get(0).fitSeconds() > 0);
        long epochLines = Files.readAllLines(tmp.resolve("m.jsonl")).stream()
                .filter(l -> !l.contains("\"round\""))
                .count();
        assertEquals(4, epochLines);
        assertEquals(
                0.01 * Math.pow(0.9, 3),
                epochs.get(3).learningRate(),
                1e-9,
                "the learning rate the workers applied in the last epoch");
    }
}
