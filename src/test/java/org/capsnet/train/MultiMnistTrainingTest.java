package org.capsnet.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.capsnet.data.TestData;
import org.capsnet.model.CapsNetConfig;
import org.capsnet.model.TinyCapsNets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Two-target CapsNet training on a tiny generated MultiMNIST set, on this machine. */
class MultiMnistTrainingTest {

    @Test
    void lossFallsAndTwoDigitAccuracyRisesWellAboveChance(@TempDir Path dir) {
        Path data = TestData.multiMnist(dir.resolve("multi"), 400, 100, 2);
        TrainingConfig config = TrainingConfig.builder()
                .epochs(3)
                .batchSize(25)
                .learningRate(0.005)
                .seed(3)
                .build();
        TrainingJob.Paths paths = new TrainingJob.Paths(data, dir.resolve("model.zip"), null, null, false);
        TrainingLoop.Result result = new TrainingJob(TinyCapsNets.small(), config, paths, "local")
                .run(
                        (a, source, train, test) -> new LocalEpochFitter(a, config, source, train, test),
                        ProgressBar.silent());

        List<EpochRecord> epochs = result.epochs();
        double first = epochs.get(0).trainLoss();
        double last = epochs.get(2).trainLoss();
        assertTrue(last < 0.8 * first, "loss should fall: " + first + " -> " + last);
        double twoDigit = epochs.get(2).testTwoDigitAccuracy();
        double atLeastOne = epochs.get(2).testAtLeastOneAccuracy();
        System.out.println(
                "loss " + first + " -> " + last + ", two-digit " + twoDigit + ", at least one " + atLeastOne);
        // chance: 1/45 = 0.022 for the pair, about 0.38 for at least one of two guesses
        assertTrue(twoDigit > 0.07, "two-digit accuracy " + twoDigit);
        assertTrue(atLeastOne > 0.55, "at-least-one accuracy " + atLeastOne);
        CapsNetConfig saved = assertInstanceOf(
                CapsNetConfig.class,
                ModelFiles.load(dir.resolve("model.zip"), false).provenance().architecture());
        assertEquals(2, saved.digitsPerImage());
        assertEquals(36, saved.inputSize());
    }
}
