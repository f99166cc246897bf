package org.capsnet.data;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.capsnet.io.StoragePath;

/**
 * MultiMNIST as Parquet, written through Spark SQL: directories {@code out/train.parquet} and
 * {@code out/t10k.parquet} with columns {@code label1 int, label2 int, image binary (36*36 bytes, merged),
 * source1 binary, source2 binary} (pixels 0..255, row-major). Same pairs as the IDX output for the same seed.
 * Written through the session it is given (the command line starts it on its {@code --master}, or spark-submit's).
 * Rows are generated lazily on the executors, which write the Parquet files themselves (Spark's writer, through the
 * directory's fully qualified URI).
 */
public final class MultiMnistParquet {
    /** Directory name of a split's Parquet data set inside the output directory. */
    public static String directoryName(Split split) {
        return split.prefix() + ".parquet";
    }

    /** The Parquet schema. */
    public static final StructType SCHEMA = new StructType()
            .add("label1", DataTypes.IntegerType, false)
            .add("label2", DataTypes.IntegerType, false)
            .add("image", DataTypes.BinaryType, false)
            .add("source1", DataTypes.BinaryType, false)
            .add("source2", DataTypes.BinaryType, false);

    private MultiMnistParquet() {}

    static List<SplitReport> write(SparkSession spark, StoragePath source, StoragePath out, MultiMnistConfig config) {
        List<SplitReport> reports = new ArrayList<>();
        for (Split split : new Split[] {Split.TRAIN, Split.TEST}) {
            SourceDigits digits = SourceDigits.load(source, split);
            reports.add(write(spark, digits, split, config, out.resolve(directoryName(split))));
        }
        return reports;
    }

    static SplitReport write(
            SparkSession spark, SourceDigits digits, Split split, MultiMnistConfig config, StoragePath dir) {
        MultiMnistGenerator.pairCount(digits, config);
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        Broadcast<SourceDigits> shared = jsc.broadcast(digits);
        int slices = Math.max(1, Math.min(digits.size(), jsc.defaultParallelism()));
        List<Integer> starts = new ArrayList<>();
        for (int s = 0; s < slices; s++) {
            starts.add((int) ((long) digits.size() * s / slices));
        }
        starts.add(digits.size());
        List<int[]> ranges = new ArrayList<>();
        for (int s = 0; s < slices; s++) {
            ranges.add(new int[] {starts.get(s), starts.get(s + 1)});
        }
        JavaRDD<Row> rows = jsc.parallelize(ranges, slices).flatMap(new RenderRows(shared, config, split));
        spark.createDataFrame(rows, SCHEMA)
                .write()
                .mode(SaveMode.Overwrite)
                .parquet(dir.uri().toString());
        shared.destroy();

        PairSampler sampler = new PairSampler(
                MultiMnistGenerator.labels(digits), config.pairsPerDigit(), config.shift(), config.seed(), split);
        OverlapStats overlap = new OverlapStats(digits);
        for (int i = 0; i < digits.size(); i++) {
            for (PairSpec p : sampler.pairsFor(i)) {
                overlap.add(p);
            }
        }
        return new SplitReport(split, digits.size(), overlap.pairs(), overlap.meanNominal(), overlap.meanInk());
    }

    /** Executor function: a range [from, to) of source digits to a lazy iterator of rows. */
    static final class RenderRows implements FlatMapFunction<int[], Row> {
        private static final long serialVersionUID = 1L;
        private final Broadcast<SourceDigits> digits;
        private final MultiMnistConfig config;
        private final Split split;

        RenderRows(Broadcast<SourceDigits> digits, MultiMnistConfig config, Split split) {
            this.digits = digits;
            this.config = config;
            this.split = split;
        }

        @Override
        public Iterator<Row> call(int[] range) {
            SourceDigits d = digits.value();
            PairSampler sampler = new PairSampler(
                    MultiMnistGenerator.labels(d), config.pairsPerDigit(), config.shift(), config.seed(), split);
            PairRenderer renderer = new PairRenderer(d, config.pad());
            int area = renderer.canvasHeight() * renderer.canvasWidth();
            return new Iterator<>() {
                private int digit = range[0];
                private PairSpec[] pairs = new PairSpec[0];
                private int k;

                @Override
                public boolean hasNext() {
                    while (k >= pairs.length && digit < range[1]) {
                        pairs = sampler.pairsFor(digit++);
                        k = 0;
                    }
                    return k < pairs.length;
                }

                @Override
                public Row next() {
                    if (!hasNext()) {
                        throw new NoSuchElementException();
                    }
                    PairSpec p = pairs[k++];
                    byte[] merged = new byte[area];
                    byte[] sources = new byte[2 * area];
                    renderer.render(p, merged, sources);
                    return RowFactory.create(
                            d.label(p.first()),
                            d.label(p.second()),
                            merged,
                            java.util.Arrays.copyOfRange(sources, 0, area),
                            java.util.Arrays.copyOfRange(sources, area, 2 * area));
                }
            };
        }
    }
}
