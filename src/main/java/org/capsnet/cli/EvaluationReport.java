package org.capsnet.cli;

import java.util.Locale;
import org.capsnet.eval.EvaluationResult;

/** The human-readable evaluation report: per-class accuracy and the confusion matrix. */
final class EvaluationReport {
    private EvaluationReport() {}

    static String text(EvaluationResult r) {
        StringBuilder sb = new StringBuilder();
        if (r.multiDigit()) {
            sb.append(String.format(
                    Locale.ROOT,
                    "two-digit accuracy %.4f, at least one digit %.4f (%d images)",
                    r.twoDigitAccuracy(),
                    r.atLeastOneAccuracy(),
                    r.examples()));
            return sb.toString();
        }
        double[] perClass = r.perClassAccuracy();
        sb.append("class  accuracy\n");
        for (int k = 0; k < perClass.length; k++) {
            sb.append(String.format(Locale.ROOT, "%5d  %.4f%n", k, perClass[k]));
        }
        sb.append("confusion matrix (rows: true class, columns: predicted)\n");
        for (long[] row : r.confusion()) {
            for (long c : row) {
                sb.append(String.format(Locale.ROOT, "%6d", c));
            }
            sb.append('\n');
        }
        return sb.toString().stripTrailing();
    }
}
