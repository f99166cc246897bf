package org.capsnet.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.nio.file.Path;
import java.util.List;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.broadcast.Broadcast;
import org.capsnet.data.ExampleSet;
import org.capsnet.data.ExampleSets;
import org.capsnet.data.MultiMnistConfig;
import org.capsnet.data.Split;
import org.capsnet.data.TestData;
import org.capsnet.io.StoragePath;
import org.capsnet.model.CapsNetConfig;
import org.capsnet.model.NetworkArchitecture;
import org.capsnet.train.EpochPlan;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a training task carries is a description of its shard, not data: the function ({@link FitShard}: the
 * architecture, the {@link ExampleSet} record, the {@link EpochPlan}, a broadcast handle) and the round's
 * {@link ShardTask}s, serialised the way Spark ships closures (Java serialisation), are a few KB, and exactly as
 * large for MultiMNIST with 1 pair per digit as with the paper's 1000.
 */
class TrainingTaskSizeTest extends SharedSparkContext {
    private static final int FEW_KB = 8 * 1024;

    @TempDir
    static Path digits;

    @Test
    void aTrainingTaskIsAFewKilobytesWhateverTheNumberOfPairsPerDigit() throws IOException {
        TestData.mnistSubset(digits, 50, 10);
        Sizes one = sizes(1);
        Sizes thousand = sizes(1000);

        assertEquals(50, one.examples());
        assertEquals(50_000, thousand.examples());
        assertTrue(one.function() < FEW_KB && one.rdd() < 2 * FEW_KB, one.toString());
        assertEquals(one.function(), thousand.function(), one + " vs " + thousand);
        assertEquals(one.rdd(), thousand.rdd(), one + " vs " + thousand);
    }

    /** Bytes of the serialised function and of the serialised RDD, for a set of {@code examples}. */
    private record Sizes(long examples, int function, int rdd) {}

    /** The serialised function of a round and the serialised RDD it runs on (what Spark's task binary holds). */
    private Sizes sizes(int pairsPerDigit) throws IOException {
        ExampleSet train = ExampleSets.pairs(
                StoragePath.local(digits),
                Split.TRAIN,
                new MultiMnistConfig(pairsPerDigit, 4, 4, 1, MultiMnistConfig.Format.IDX));
        NetworkArchitecture arch =
                CapsNetConfig.paper().withInputSize(train.height()).withDigitsPerImage(2);
        EpochPlan plan = new EpochPlan(train.size(), 25, 42, 3);
        Broadcast<RoundState> state = sc.broadcast(new RoundState("{}", null, null, 0, 0));
        try {
            FitShard function = new FitShard(arch, train, plan, 0, state, 1, null);
            List<ShardTask> tasks = List.of(new ShardTask(1, 0, 10, 5), new ShardTask(1, 1, 15, 5));
            JavaRDD<WorkerResult> round = sc.parallelize(tasks, tasks.size()).mapPartitions(function);
            return new Sizes(train.size(), serialisedSize(function), serialisedSize(round.rdd()));
        } finally {
            state.destroy();
        }
    }

    private static int serialisedSize(Serializable o) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(o);
        }
        return bytes.size();
    }
}
