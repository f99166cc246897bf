package org.capsnet.eval;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Test-set scores. Single digits: accuracy of the longest capsule, per-class accuracy and the confusion matrix
 * (rows true class, columns predicted). MultiMNIST: an image counts as correct only if its two longest capsules
 * are exactly its two labels (as a set); at-least-one counts images where one of the two is right.
 */
public record EvaluationResult(
        long examples, long correct, long[][] confusion, boolean multiDigit, long bothCorrect, long atLeastOneCorrect) {

    /** No examples yet: the start of a sum. */
    public static EvaluationResult empty(int classes) {
        return new EvaluationResult(0, 0, new long[classes][classes], false, 0, 0);
    }

    /** The counts of both results together (the scores of two parts of a test set). */
    public EvaluationResult plus(EvaluationResult other) {
        long[][] sum = new long[confusion.length][];
        for (int i = 0; i < sum.length; i++) {
            sum[i] = confusion[i].clone();
            for (int j = 0; j < sum[i].length; j++) {
                sum[i][j] += other.confusion[i][j];
            }
        }
        return new EvaluationResult(
                examples + other.examples,
                correct + other.correct,
                sum,
                multiDigit || other.multiDigit,
                bothCorrect + other.bothCorrect,
                atLeastOneCorrect + other.atLeastOneCorrect);
    }

    /** Single-digit accuracy, or for MultiMNIST the two-digit accuracy. */
    public double accuracy() {
        return examples == 0 ? Double.NaN : (double) (multiDigit ? bothCorrect : correct) / examples;
    }

    public double twoDigitAccuracy() {
        return examples == 0 ? Double.NaN : (double) bothCorrect / examples;
    }

    public double atLeastOneAccuracy() {
        return examples == 0 ? Double.NaN : (double) atLeastOneCorrect / examples;
    }

    /** Accuracy on the examples of each true class (NaN for a class with no examples). */
    public double[] perClassAccuracy() {
        double[] acc = new double[confusion.length];
        for (int k = 0; k < confusion.length; k++) {
            long total = 0;
            for (long c : confusion[k]) {
                total += c;
            }
            acc[k] = total == 0 ? Double.NaN : (double) confusion[k][k] / total;
        }
        return acc;
    }

    /** The fields of the {@code --json} contract. */
    public Map<String, Object> toJsonMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("accuracy", accuracy());
        m.put("examples", examples);
        if (multiDigit) {
            m.put("two_digit_accuracy", twoDigitAccuracy());
            m.put("at_least_one_accuracy", atLeastOneAccuracy());
        } else {
            m.put("per_class_accuracy", perClassAccuracy());
            m.put("confusion_matrix", confusion);
        }
        return m;
    }
}
