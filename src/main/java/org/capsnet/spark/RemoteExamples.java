package org.capsnet.spark;

import java.io.Serializable;
import java.util.List;
import java.util.Map;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.Function;
import org.capsnet.InvalidInputException;
import org.capsnet.data.ExampleReaders;
import org.capsnet.data.ExampleSet;
import org.capsnet.data.LabelledImages;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A few examples (for pictures) read on an executor and sent to the driver, so that the driver never opens the
 * data set's files: only these rows travel, as plain arrays.
 */
public final class RemoteExamples {
    private RemoteExamples() {}

    public static LabelledImages read(JavaSparkContext sc, ExampleSet set, long[] ids) {
        Rows rows = SparkFailures.rethrowBadInput(
                () -> sc.parallelize(List.of(ids), 1).map(new ReadRows(set)).first());
        if (rows.badInput != null) {
            throw new InvalidInputException(rows.badInput);
        }
        int area = set.height() * set.width();
        return new LabelledImages(
                Nd4j.createFromArray(rows.images).reshape('c', ids.length, area),
                set.height(),
                set.width(),
                rows.labels,
                rows.sources == null ? null : Nd4j.createFromArray(rows.sources).reshape('c', ids.length, 2L * area),
                Map.of());
    }

    /** Examples as Java arrays (a class, not a record: Kryo 4). */
    static final class Rows implements Serializable {
        private static final long serialVersionUID = 1L;
        float[] images;
        int[][] labels;
        float[] sources;
        String badInput;
    }

    private static final class ReadRows implements Function<long[], Rows> {
        private static final long serialVersionUID = 1L;
        private final ExampleSet set;

        ReadRows(ExampleSet set) {
            this.set = set;
        }

        @Override
        public Rows call(long[] ids) {
            Rows r = new Rows();
            LabelledImages read;
            try {
                read = ExampleReaders.cached(set).read(ids);
            } catch (InvalidInputException e) {
                r.badInput = e.getMessage();
                return r;
            }
            r.images = read.images().data().asFloat();
            r.labels = read.labels();
            r.sources = read.sources() == null ? null : read.sources().data().asFloat();
            return r;
        }
    }
}
