package org.capsnet.train;

import org.capsnet.eval.EvaluationResult;
import org.nd4j.shade.jackson.annotation.JsonInclude;
import org.nd4j.shade.jackson.annotation.JsonProperty;
import org.nd4j.shade.jackson.annotation.JsonPropertyOrder;

/**
 * A metrics record at the end of an epoch (or where a round limit stopped it): the epoch's mean loss, examples,
 * time and its split, speed, the learning rate and Adam step applied last, and the test scores. Fields that do not
 * apply are null and left out of the JSON: the test scores without a test split ({@code testTwoDigitAccuracy} and
 * {@code testAtLeastOneAccuracy} also with one digit per image), {@code stoppedAtRound} for an epoch that ran to
 * its end.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonPropertyOrder({
    "epoch",
    "train_loss",
    "examples",
    "seconds",
    "images_per_sec",
    "learning_rate",
    "adam_step",
    "rounds",
    "broadcast_seconds",
    "fit_seconds",
    "aggregate_seconds",
    "test_accuracy",
    "test_examples",
    "test_two_digit_accuracy",
    "test_at_least_one_accuracy",
    "stopped_at_round"
})
public record EpochRecord(
        @JsonProperty("epoch") int epoch,
        @JsonProperty("train_loss") double trainLoss,
        @JsonProperty("examples") long examples,
        @JsonProperty("seconds") double seconds,
        @JsonProperty("images_per_sec") double imagesPerSec,
        @JsonProperty("learning_rate") double learningRate,
        @JsonProperty("adam_step") long adamStep,
        @JsonProperty("rounds") int rounds,
        @JsonProperty("broadcast_seconds") double broadcastSeconds,
        @JsonProperty("fit_seconds") double fitSeconds,
        @JsonProperty("aggregate_seconds") double aggregateSeconds,
        @JsonProperty("test_accuracy") Double testAccuracy,
        @JsonProperty("test_examples") Long testExamples,
        @JsonProperty("test_two_digit_accuracy") Double testTwoDigitAccuracy,
        @JsonProperty("test_at_least_one_accuracy") Double testAtLeastOneAccuracy,
        @JsonProperty("stopped_at_round") Integer stoppedAtRound)
        implements MetricsRecord {

    /** The record of epoch {@code epochIndex} (from 0) with its totals and, when not null, its test scores. */
    static EpochRecord of(int epochIndex, EpochStats stats, EvaluationResult eval) {
        boolean multi = eval != null && eval.multiDigit();
        return new EpochRecord(
                epochIndex + 1,
                stats.meanLoss(),
                stats.examples(),
                stats.seconds(),
                stats.examplesPerSecond(),
                stats.learningRate(),
                stats.adamStep(),
                stats.rounds(),
                stats.broadcastSeconds(),
                stats.fitSeconds(),
                stats.aggregateSeconds(),
                eval == null ? null : eval.accuracy(),
                eval == null ? null : eval.examples(),
                multi ? eval.twoDigitAccuracy() : null,
                multi ? eval.atLeastOneAccuracy() : null,
                null);
    }

    /** This record of an epoch that a round limit stopped after {@code round} rounds. */
    EpochRecord stoppedAt(int round) {
        return new EpochRecord(
                epoch,
                trainLoss,
                examples,
                seconds,
                imagesPerSec,
                learningRate,
                adamStep,
                rounds,
                broadcastSeconds,
                fitSeconds,
                aggregateSeconds,
                testAccuracy,
                testExamples,
                testTwoDigitAccuracy,
                testAtLeastOneAccuracy,
                round);
    }

    /** The test accuracy, NaN without a test split. */
    public double testAccuracyOrNaN() {
        return testAccuracy == null ? Double.NaN : testAccuracy;
    }

    @Override
    public double position() {
        return epoch + 1e-9;
    }
}
