package org.capsnet.model.em;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.List;
import org.capsnet.data.TestData;
import org.capsnet.train.EpochRecord;
import org.capsnet.train.LocalEpochFitter;
import org.capsnet.train.ModelFiles;
import org.capsnet.train.ProgressBar;
import org.capsnet.train.TrainingConfig;
import org.capsnet.train.TrainingJob;
import org.capsnet.train.TrainingLoop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * em-capsnet trains through the project's unchanged single-machine trainer on real MNIST digits: the loss falls,
 * test accuracy rises well above chance, and the saved model reads back as an em-capsnet.
 */
class EmCapsNetTrainingTest {

    /** Narrower than the default (A=16, B=C=D=8) so the test stays short; same layers and routing. */
    static EmCapsNetConfig small() {
        return EmCapsNetConfig.builder()
                .sizes(16, 8, 8, 8)
                .iterations(2)
                .margin(0.2, 0.9, 10_000)
                .build();
    }

    @Test
    void lossFallsAndTestAccuracyRisesWellAboveChance(@TempDir Path dir) {
        Path data = dir.resolve("data");
        TestData.mnistSubset(data, 400, 200);
        TrainingConfig config = TrainingConfig.builder()
                .epochs(6)
                .batchSize(25)
                .learningRate(0.005)
                .maxShift(0)
                .seed(7)
                .build();
        TrainingJob.Paths paths =
                new TrainingJob.Paths(data, dir.resolve("model.zip"), (Path) null, (Path) null, false);
        TrainingLoop.Result result = new TrainingJob(small(), config, paths, "local")
                .run(
                        (a, source, train, test) -> new LocalEpochFitter(a, config, source, train, test),
                        ProgressBar.silent());

        List<EpochRecord> epochs = result.epochs();
        assertEquals(6, epochs.size());
        double firstLoss = epochs.get(0).trainLoss();
        double lastLoss = epochs.get(5).trainLoss();
        assertTrue(lastLoss < 0.7 * firstLoss, "loss should fall: " + firstLoss + " -> " + lastLoss);
        double accuracy = result.provenance().lastTestAccuracy();
        assertTrue(accuracy > 0.4, "10 classes: chance is 0.1, got " + accuracy);
        ModelFiles.SavedModel saved = ModelFiles.load(dir.resolve("model.zip"), false);
        assertEquals(EmCapsNetConfig.FAMILY, saved.provenance().architecture().family());
        System.out.println("em-capsnet " + small() + ": losses "
                + epochs.stream().map(EpochRecord::trainLoss).toList() + ", test accuracy " + accuracy);
    }
}
