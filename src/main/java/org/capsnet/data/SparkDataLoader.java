package org.capsnet.data;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.capsnet.InvalidInputException;
import org.capsnet.io.StoragePath;
import org.nd4j.linalg.dataset.api.MultiDataSet;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns a data set directory into an RDD of minibatches in the format of {@link Minibatches}: features
 * {images [b, H*W]}, labels {targets [b, 10]} (+ {sources [b, 2*H*W]} for MultiMNIST). The directory holds either
 * IDX files ({@link SplitFiles}; read on the driver, then distributed) or the Parquet data sets written by
 * {@link MultiMnistParquet} ({@code train.parquet}, {@code t10k.parquet}; read by the executors through the
 * directory's fully qualified URI, so a local path stays local even when the cluster's default file system is HDFS).
 * The directory may be a local path or a Hadoop URI.
 */
public final class SparkDataLoader {
    private SparkDataLoader() {
    }

    /** Minibatches of {@code batchSize} over {@code sc.defaultParallelism()} partitions, from a local directory. */
    public static JavaRDD<MultiDataSet> minibatches(JavaSparkContext sc, Path dir, Split split, int batchSize) {
        return minibatches(sc, StoragePath.local(dir), split, batchSize, sc.defaultParallelism());
    }

    /** Minibatches of {@code batchSize} over {@code partitions} partitions, from a local directory. */
    public static JavaRDD<MultiDataSet> minibatches(JavaSparkContext sc, Path dir, Split split, int batchSize,
                                                    int partitions) {
        return minibatches(sc, StoragePath.local(dir), split, batchSize, partitions);
    }

    /** Minibatches of {@code batchSize} over {@code partitions} partitions. */
    public static JavaRDD<MultiDataSet> minibatches(JavaSparkContext sc, StoragePath dir, Split split,
                                                    int batchSize, int partitions) {
        if (batchSize < 1) {
            throw new InvalidInputException("--batch-size must be >= 1, got " + batchSize);
        }
        if (partitions < 1) {
            throw new InvalidInputException("number of partitions must be >= 1, got " + partitions);
        }
        StoragePath parquet = dir.resolve(MultiMnistParquet.directoryName(split));
        if (parquet.isDirectory()) {
            SparkSession spark = SparkSession.builder().sparkContext(sc.sc()).getOrCreate();
            return spark.read().parquet(parquet.uri().toString()).javaRDD()
                    .repartition(partitions)
                    .mapPartitions(new ParquetRowsToMinibatches(batchSize));
        }
        LabelledImages data = DatasetLoader.load(dir, split);
        List<MultiDataSet> batches = new ArrayList<>(Minibatches.of(data, batchSize));
        return sc.parallelize(batches, partitions);
    }
}
