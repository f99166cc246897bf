package org.capsnet.spark;

import org.capsnet.model.CapsNetConfig;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.MultiDataSet;
import org.nd4j.linalg.factory.Nd4j;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Random data minibatches for Spark tests of the tiny CapsNets ({@link org.capsnet.model.TinyCapsNets}). */
final class TinyNets {
    private TinyNets() {
    }

    /** {@code count} data minibatches of {@code size}: features {images [size, P]}, labels {one-hot [size, J]}. */
    static List<MultiDataSet> minibatches(CapsNetConfig arch, int count, int size, long seed, DataType type) {
        Random random = new Random(seed);
        List<MultiDataSet> out = new ArrayList<>();
        for (int k = 0; k < count; k++) {
            double[][] x = new double[size][arch.inputPixels()];
            double[][] y = new double[size][arch.numClasses()];
            for (int i = 0; i < size; i++) {
                for (int p = 0; p < x[i].length; p++) {
                    x[i][p] = random.nextDouble();
                }
                y[i][random.nextInt(arch.numClasses())] = 1;
            }
            out.add(new MultiDataSet(new INDArray[]{Nd4j.create(x).castTo(type)},
                    new INDArray[]{Nd4j.create(y).castTo(type)}));
        }
        return out;
    }
}
