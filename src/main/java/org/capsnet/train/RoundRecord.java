package org.capsnet.train;

import org.nd4j.shade.jackson.annotation.JsonProperty;
import org.nd4j.shade.jackson.annotation.JsonPropertyOrder;

/**
 * A metrics record inside an epoch: after round {@code round} of {@code rounds}, the mean loss, examples and speed
 * of the rounds since the previous record, and the learning rate and Adam step the workers applied last.
 */
@JsonPropertyOrder({"epoch", "round", "rounds", "train_loss", "examples", "images_per_sec", "learning_rate", "adam_step"
})
public record RoundRecord(
        @JsonProperty("epoch") int epoch,
        @JsonProperty("round") int round,
        @JsonProperty("rounds") int rounds,
        @JsonProperty("train_loss") double trainLoss,
        @JsonProperty("examples") long examples,
        @JsonProperty("images_per_sec") double imagesPerSec,
        @JsonProperty("learning_rate") double learningRate,
        @JsonProperty("adam_step") long adamStep)
        implements MetricsRecord {

    /** The record after round {@code round} of {@code rounds} of epoch {@code epochIndex} (from 0). */
    static RoundRecord of(int epochIndex, int round, int rounds, EpochStats sinceLast) {
        return new RoundRecord(
                epochIndex + 1,
                round,
                rounds,
                sinceLast.meanLoss(),
                sinceLast.examples(),
                sinceLast.examplesPerSecond(),
                sinceLast.learningRate(),
                sinceLast.adamStep());
    }

    @Override
    public double position() {
        return rounds > 0 ? epoch - 1 + (double) round / rounds : epoch + 1e-9;
    }
}
