package org.capsnet.data;

import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Row;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Executor function: MultiMNIST Parquet rows ({@link MultiMnistParquet#SCHEMA}) of one partition to minibatches of
 * at most {@code batchSize}: features {images [b, H*W]}, labels {targets [b, 10] multi-hot, sources [b, 2*H*W],
 * classes [b, 2]} ({@link Minibatches}), pixels scaled to [0, 1]. Lazy: holds one minibatch of rows at a time.
 */
public final class ParquetRowsToMinibatches implements FlatMapFunction<Iterator<Row>, MultiDataSet> {
    private static final long serialVersionUID = 1L;
    private final int batchSize;

    public ParquetRowsToMinibatches(int batchSize) {
        this.batchSize = batchSize;
    }

    @Override
    public Iterator<MultiDataSet> call(Iterator<Row> rows) {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return rows.hasNext();
            }

            @Override
            public MultiDataSet next() {
                if (!rows.hasNext()) {
                    throw new NoSuchElementException();
                }
                List<Row> batch = new ArrayList<>(batchSize);
                while (rows.hasNext() && batch.size() < batchSize) {
                    batch.add(rows.next());
                }
                return toMinibatch(batch);
            }
        };
    }

    /** One minibatch from rows. */
    static MultiDataSet toMinibatch(List<Row> batch) {
        int b = batch.size();
        int area = ((byte[]) batch.get(0).getAs("image")).length;
        float[] images = new float[b * area];
        float[] sources = new float[b * 2 * area];
        int[][] labels = new int[b][];
        for (int i = 0; i < b; i++) {
            Row r = batch.get(i);
            labels[i] = new int[]{r.<Integer>getAs("label1"), r.<Integer>getAs("label2")};
            copy(r.getAs("image"), images, i * area);
            copy(r.getAs("source1"), sources, 2 * i * area);
            copy(r.getAs("source2"), sources, (2 * i + 1) * area);
        }
        INDArray x = Nd4j.createFromArray(images).reshape('c', b, area);
        INDArray s = Nd4j.createFromArray(sources).reshape('c', b, 2L * area);
        return new org.nd4j.linalg.dataset.MultiDataSet(new INDArray[]{x},
                new INDArray[]{Minibatches.targets(labels, 0, b), s, Minibatches.classIndices(labels, 0, b)});
    }

    private static void copy(byte[] pixels, float[] out, int offset) {
        for (int p = 0; p < pixels.length; p++) {
            out[offset + p] = (pixels[p] & 0xFF) / 255f;
        }
    }
}
