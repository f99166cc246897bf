package org.capsnet.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.capsnet.data.TestData;
import org.capsnet.model.TinyCapsNets;
import org.capsnet.train.CheckpointPolicy;
import org.capsnet.train.EpochRecord;
import org.capsnet.train.ProgressBar;
import org.capsnet.train.TrainingConfig;
import org.capsnet.train.TrainingJob;
import org.capsnet.train.TrainingLoop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two-target CapsNet training on local[2] (2 workers averaging every 2 steps) on a tiny generated MultiMNIST set, scored on executors. */
class SparkMultiMnistTrainingTest extends SharedSparkContext {
    @TempDir
    Path tmp;

    @Test
    void lossFallsAndTwoDigitAccuracyRisesWellAboveChance() {
        Path data = TestData.multiMnist(tmp.resolve("multi"), 400, 100, 2);
        TrainingConfig config = TrainingConfig.builder()
                .epochs(4)
                .batchSize(10)
                .learningRate(0.005)
                .seed(3)
                .build();
        SparkTrainerConfig spark =
                SparkTrainerConfig.builder().workers(2).averagingFrequency(2).build();
        TrainingJob.Paths paths = new TrainingJob.Paths(data, tmp.resolve("model.zip"), null, null, false);

        TrainingLoop.Result result = SparkTraining.run(
                sc, TinyCapsNets.small(), config, spark, paths, CheckpointPolicy.END_OF_EPOCH, ProgressBar.silent());

        List<EpochRecord> epochs = result.epochs();
        assertEquals(800L, epochs.get(0).examples());
        double first = epochs.get(0).trainLoss();
        double last = epochs.get(3).trainLoss();
        double twoDigit = epochs.get(3).testTwoDigitAccuracy();
        double atLeastOne = epochs.get(3).testAtLeastOneAccuracy();
        System.out.println(
                "loss " + first + " -> " + last + ", two-digit accuracy " + twoDigit + ", at least one " + atLeastOne);
        assertTrue(last < 0.8 * first, "loss should fall: " + first + " -> " + last);
        assertTrue(twoDigit > 0.045, "two-digit accuracy " + twoDigit + " (chance 1/45 = 0.022)");
        assertTrue(atLeastOne > 0.55, "at-least-one accuracy " + atLeastOne + " (chance 0.38)");
    }
}
