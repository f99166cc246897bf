package org.capsnet.spark;

import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.capsnet.InvalidInputException;

/**
 * Bad input found on an executor (a corrupt or truncated data file) reaches the driver as a failed job. This turns
 * it back into the one-line {@link InvalidInputException} that names the file: from the exception's causes in
 * local mode, from the failure text that a remote executor sent otherwise.
 */
final class SparkFailures {
    private static final Pattern REMOTE =
            Pattern.compile(Pattern.quote(InvalidInputException.class.getName()) + ": ([^\\n]*)");

    private SparkFailures() {}

    static <T> T rethrowBadInput(Supplier<T> job) {
        try {
            return job.get();
        } catch (Exception e) { // SparkException is checked, but Scala methods do not declare it
            throw badInputOr(e);
        }
    }

    private static RuntimeException badInputOr(Exception e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof InvalidInputException bad) {
                return bad;
            }
        }
        Matcher m = REMOTE.matcher(String.valueOf(e.getMessage()));
        if (m.find()) {
            return new InvalidInputException(m.group(1), e);
        }
        return e instanceof RuntimeException r ? r : new IllegalStateException(e.getMessage(), e);
    }
}
