package org.capsnet.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.apache.spark.sql.SparkSession;
import org.capsnet.data.MultiMnistConfig;
import org.capsnet.data.MultiMnistGenerator;
import org.capsnet.data.TestData;
import org.capsnet.io.StoragePath;
import org.capsnet.model.TinyCapsNets;
import org.capsnet.train.CheckpointPolicy;
import org.capsnet.train.EpochRecord;
import org.capsnet.train.ProgressBar;
import org.capsnet.train.TrainingConfig;
import org.capsnet.train.TrainingJob;
import org.capsnet.train.TrainingLoop;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Training on local[2] from the Parquet MultiMNIST of {@code data multimnist --format parquet}, read on executors. */
class SparkParquetTrainingTest extends SharedSparkContext {
    @TempDir
    Path tmp;

    @Test
    void trainsAndScoresOnAParquetMultiMnistDirectory() {
        Path source = tmp.resolve("source");
        TestData.mnistSubset(source, 100, 50);
        StoragePath data = StoragePath.local(tmp.resolve("parquet"));
        MultiMnistGenerator.generate(
                StoragePath.local(source),
                data,
                new MultiMnistConfig(2, 4, 4, 1, MultiMnistConfig.Format.PARQUET),
                SparkSession.builder().sparkContext(sc.sc()).getOrCreate());
        TrainingConfig config = TrainingConfig.builder()
                .epochs(1)
                .batchSize(10)
                .learningRate(0.005)
                .seed(3)
                .build();
        SparkTrainerConfig spark =
                SparkTrainerConfig.builder().workers(2).averagingFrequency(2).build();
        TrainingJob.Paths paths =
                new TrainingJob.Paths(data, StoragePath.local(tmp.resolve("model.zip")), null, null, false);

        TrainingLoop.Result result = SparkTraining.run(
                sc, TinyCapsNets.small(), config, spark, paths, CheckpointPolicy.END_OF_EPOCH, ProgressBar.silent());

        EpochRecord epoch = result.epochs().get(0);
        assertEquals(200L, epoch.examples());
        assertTrue(epoch.testTwoDigitAccuracy() != null, epoch.toString());
        assertTrue(Double.isFinite(epoch.trainLoss()), epoch.toString());
        assertTrue(
                result.provenance().dataSha256().keySet().stream().anyMatch(k -> k.startsWith("train.parquet/")),
                result.provenance().dataSha256().toString());
        assertTrue(
                result.provenance().dataSha256().keySet().stream().anyMatch(k -> k.startsWith("t10k.parquet/")),
                result.provenance().dataSha256().toString());
    }
}
