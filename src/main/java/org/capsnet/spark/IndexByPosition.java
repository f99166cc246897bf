package org.capsnet.spark;

import org.apache.spark.api.java.function.PairFunction;
import org.nd4j.linalg.dataset.api.MultiDataSet;
import scala.Tuple2;

/** (minibatch, position) to (position, minibatch), to deal minibatches round-robin over the workers. */
final class IndexByPosition implements PairFunction<Tuple2<MultiDataSet, Long>, Long, MultiDataSet> {
    private static final long serialVersionUID = 1L;

    @Override
    public Tuple2<Long, MultiDataSet> call(Tuple2<MultiDataSet, Long> t) {
        return new Tuple2<>(t._2(), t._1());
    }
}
