package org.capsnet.spark;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.api.java.function.Function2;
import org.apache.spark.broadcast.Broadcast;
import org.capsnet.InvalidInputException;
import org.capsnet.data.ExampleSet;
import org.capsnet.eval.EvaluationResult;
import org.capsnet.eval.Evaluator;
import org.capsnet.model.NetworkArchitecture;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Executor side of test-set evaluation: rebuilds the network from a broadcast of its configuration (JSON) and
 * parameters, reads and scores the task's {@link Range} of the test set with {@link Evaluator} (through the
 * executor's cached reader), and returns the counts as a {@link Counts} (summed over tasks on the driver).
 */
final class ScorePartition implements FlatMapFunction<Iterator<ScorePartition.Range>, ScorePartition.Counts> {
    private static final long serialVersionUID = 1L;

    /** Configuration JSON and parameters of the network to score (a class, not a record: Kryo 4 cannot do records). */
    static final class Model implements Serializable {
        private static final long serialVersionUID = 1L;
        private final String configurationJson;
        private final INDArray parameters;

        Model(String configurationJson, INDArray parameters) {
            this.configurationJson = configurationJson;
            this.parameters = parameters;
        }

        String configurationJson() {
            return configurationJson;
        }

        INDArray parameters() {
            return parameters;
        }
    }

    /** What {@link EvaluationResult} holds, Serializable and summable. */
    static final class Counts implements Serializable {
        private static final long serialVersionUID = 1L;
        long examples;
        long correct;
        long both;
        long atLeastOne;
        boolean multiDigit;
        long[][] confusion;
        /** Bad data found while reading the range (one line), else null: reported, not retried. */
        String badInput;

        static Counts of(EvaluationResult r) {
            Counts c = new Counts();
            c.examples = r.examples();
            c.correct = r.correct();
            c.both = r.bothCorrect();
            c.atLeastOne = r.atLeastOneCorrect();
            c.multiDigit = r.multiDigit();
            c.confusion = r.confusion();
            return c;
        }

        static Counts add(Counts a, Counts b) {
            if (a.badInput != null || b.badInput != null) {
                return a.badInput != null ? a : b;
            }
            Counts c = new Counts();
            c.examples = a.examples + b.examples;
            c.correct = a.correct + b.correct;
            c.both = a.both + b.both;
            c.atLeastOne = a.atLeastOne + b.atLeastOne;
            c.multiDigit = a.multiDigit || b.multiDigit;
            c.confusion = new long[a.confusion.length][];
            for (int i = 0; i < c.confusion.length; i++) {
                c.confusion[i] = a.confusion[i].clone();
                for (int j = 0; j < c.confusion[i].length; j++) {
                    c.confusion[i][j] += b.confusion[i][j];
                }
            }
            return c;
        }

        EvaluationResult result() {
            return new EvaluationResult(examples, correct, confusion, multiDigit, both, atLeastOne);
        }
    }

    /** Sums the counts of two partitions (driver side of the reduce). */
    static final class Sum implements Function2<Counts, Counts, Counts> {
        private static final long serialVersionUID = 1L;

        @Override
        public Counts call(Counts a, Counts b) {
            return Counts.add(a, b);
        }
    }

    /** One task's share of the evaluation: evaluation positions {@code from} (inclusive) to {@code to}. */
    static final class Range implements Serializable {
        private static final long serialVersionUID = 1L;
        final long from;
        final long to;

        Range(long from, long to) {
            this.from = from;
            this.to = to;
        }
    }

    private final NetworkArchitecture arch;
    private final ExampleSet test;
    private final Broadcast<Model> model;
    private final int threads;
    private final int batchSize;

    ScorePartition(NetworkArchitecture arch, ExampleSet test, Broadcast<Model> model, int threads, int batchSize) {
        this.arch = arch;
        this.test = test;
        this.model = model;
        this.threads = threads;
        this.batchSize = batchSize;
    }

    @Override
    public Iterator<Counts> call(Iterator<Range> ranges) {
        TaskThreads.apply(threads);
        if (!ranges.hasNext()) {
            return Collections.emptyIterator();
        }
        Model m = model.value();
        ComputationGraph graph = GraphPool.borrow(m.configurationJson()); // the training rounds' networks
        graph.setParams(m.parameters());
        List<Counts> out = new ArrayList<>();
        try {
            scoreRanges(graph, ranges, out);
        } finally {
            GraphPool.giveBack(m.configurationJson(), graph);
        }
        return out.iterator();
    }

    private void scoreRanges(ComputationGraph graph, Iterator<Range> ranges, List<Counts> out) {
        while (ranges.hasNext()) {
            Range r = ranges.next();
            try {
                out.add(Counts.of(Evaluator.evaluate(graph, arch, test, r.from, r.to, batchSize)));
            } catch (InvalidInputException e) {
                Counts bad = new Counts();
                bad.badInput = e.getMessage();
                out.add(bad);
            }
        }
    }
}
