package org.capsnet.eval;

import org.capsnet.data.ExampleReader;
import org.capsnet.data.ExampleReaders;
import org.capsnet.data.ExampleSet;
import org.capsnet.data.LabelledImages;
import org.capsnet.model.NetworkArchitecture;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.indexing.NDArrayIndex;

/**
 * Scores a network on a labelled split by its class scores (a CapsNet's capsule lengths, the baseline's sigmoid
 * outputs), in inference mode: the top class for single digits, the top two as a set for MultiMNIST.
 */
public final class Evaluator {
    private Evaluator() {}

    public static EvaluationResult evaluate(
            ComputationGraph graph, NetworkArchitecture arch, LabelledImages data, int batchSize) {
        int classes = arch.numClasses();
        long[][] confusion = new long[classes][classes];
        long correct = 0;
        long both = 0;
        long atLeastOne = 0;
        int n = data.size();
        for (int from = 0; from < n; from += batchSize) {
            int to = Math.min(n, from + batchSize);
            INDArray images = data.images().get(NDArrayIndex.interval(from, to), NDArrayIndex.all());
            double[][] lengths = graph.output(false, arch.inferenceInputs(images))[0].toDoubleMatrix();
            for (int i = 0; i < to - from; i++) {
                int[] labels = data.labels()[from + i];
                int[] top = topTwo(lengths[i]);
                if (labels.length == 1) {
                    confusion[labels[0]][top[0]]++;
                    if (top[0] == labels[0]) {
                        correct++;
                    }
                } else {
                    int hits = countHits(labels, top);
                    both += hits == 2 ? 1 : 0;
                    atLeastOne += hits >= 1 ? 1 : 0;
                }
            }
        }
        return new EvaluationResult(n, correct, confusion, data.isMultiDigit(), both, atLeastOne);
    }

    /**
     * Scores evaluation examples {@code from} (inclusive) to {@code to} (exclusive) of a set (ids from
     * {@link ExampleSet#evaluationId}), {@code batchSize} at a time, without holding more than one minibatch.
     */
    public static EvaluationResult evaluate(
            ComputationGraph graph, NetworkArchitecture arch, ExampleSet set, long from, long to, int batchSize) {
        ExampleReader reader = ExampleReaders.cached(set);
        EvaluationResult total = EvaluationResult.empty(arch.numClasses());
        for (long start = from; start < to; start += batchSize) {
            long[] ids = new long[(int) Math.min(batchSize, to - start)];
            for (int i = 0; i < ids.length; i++) {
                ids[i] = set.evaluationId(start + i);
            }
            total = total.plus(evaluate(graph, arch, reader.read(ids), batchSize));
        }
        return total;
    }

    /** Indices of the longest and second-longest capsules. */
    static int[] topTwo(double[] lengths) {
        int first = -1;
        int second = -1;
        for (int k = 0; k < lengths.length; k++) {
            double v = lengths[k];
            if (first < 0 || v > lengths[first]) {
                second = first;
                first = k;
            } else if (second < 0 || v > lengths[second]) {
                second = k;
            }
        }
        return new int[] {first, second};
    }

    /** How many of the two labels (distinct classes) are among the two predicted classes. */
    static int countHits(int[] labels, int[] predicted) {
        int hits = 0;
        for (int label : labels) {
            if (label == predicted[0] || label == predicted[1]) {
                hits++;
            }
        }
        return hits;
    }
}
