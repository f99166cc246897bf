package org.capsnet.data;

import org.apache.spark.api.java.JavaRDD;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.dataset.api.MultiDataSet;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SparkDataLoaderTest extends LocalSparkTest {
    @TempDir
    Path tmp;

    @Test
    void idxDirectoryBecomesMinibatchesOverTheRequestedPartitions() {
        JavaRDD<MultiDataSet> rdd = SparkDataLoader.minibatches(sc, TestData.mnistSample(), Split.TEST, 100, 3);
        assertEquals(3, rdd.getNumPartitions());
        List<MultiDataSet> batches = rdd.collect();
        assertEquals(10, batches.size());
        assertArrayEquals(new long[]{100, 784}, batches.get(0).getFeatures(0).shape());
        assertArrayEquals(new long[]{100, 10}, batches.get(0).getLabels(0).shape());
        assertEquals(1000L, batches.stream().mapToLong(b -> b.getFeatures(0).size(0)).sum());
    }

    @Test
    void defaultPartitionCountIsTheContextsDefaultParallelism() {
        JavaRDD<MultiDataSet> rdd = SparkDataLoader.minibatches(sc, TestData.mnistSample(), Split.TEST, 250);
        assertEquals(sc.defaultParallelism(), rdd.getNumPartitions());
        assertEquals(4L, rdd.count());
    }

    @Test
    void parquetMultiMnistHoldsTheSamePairsAsIdxAndLoadsAsMinibatches() throws Exception {
        Path source = tmp.resolve("src");
        Files.createDirectories(source);
        TestData.mnistSubset(source, 40, 30);
        MultiMnistConfig idx = MultiMnistConfig.paper(2, 5);
        MultiMnistConfig parquet = new MultiMnistConfig(2, 4, 4, 5, MultiMnistConfig.Format.PARQUET);
        Path idxOut = tmp.resolve("idx");
        Path pqOut = tmp.resolve("pq");
        MultiMnistGenerator.generate(source, idxOut, idx);
        List<SplitReport> reports = MultiMnistGenerator.generate(source, pqOut, parquet);
        assertEquals(60, reports.get(1).pairs());
        assertTrue(Files.isDirectory(pqOut.resolve("t10k.parquet")));

        var rows = spark.read().parquet(pqOut.resolve("t10k.parquet").toString()).collectAsList();
        assertEquals(60, rows.size());
        LabelledImages fromIdx = DatasetLoader.load(idxOut, Split.TEST);
        long matches = rows.stream().filter(r -> {
            byte[] img = r.getAs("image");
            for (int i = 0; i < fromIdx.size(); i++) {
                if (fromIdx.labels()[i][0] == r.<Integer>getAs("label1")
                        && fromIdx.labels()[i][1] == r.<Integer>getAs("label2")
                        && Math.round(fromIdx.images().getFloat(i, 600) * 255) == (img[600] & 0xFF)
                        && Math.round(fromIdx.images().getFloat(i, 700) * 255) == (img[700] & 0xFF)) {
                    return true;
                }
            }
            return false;
        }).count();
        assertEquals(60, matches);

        List<MultiDataSet> batches = SparkDataLoader.minibatches(sc, pqOut, Split.TEST, 16, 2).collect();
        assertEquals(60L, batches.stream().mapToLong(b -> b.getFeatures(0).size(0)).sum());
        MultiDataSet b = batches.get(0);
        assertArrayEquals(new long[]{b.getFeatures(0).size(0), 2592}, b.getLabels(1).shape());
        assertEquals(2.0 * b.getFeatures(0).size(0), b.getLabels(0).sumNumber().doubleValue(), 1e-6);
    }
}
