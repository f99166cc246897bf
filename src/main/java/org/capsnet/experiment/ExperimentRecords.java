package org.capsnet.experiment;

import java.util.List;
import java.util.Map;
import org.capsnet.train.EpochRecord;
import org.nd4j.shade.jackson.annotation.JsonInclude;
import org.nd4j.shade.jackson.annotation.JsonProperty;
import org.nd4j.shade.jackson.annotation.JsonPropertyOrder;

/**
 * The experiment's JSON files as records: {@code experiment.json} ({@link Settings}), {@code data/multimnist.json}
 * ({@link DataRecord}), {@code <family>/evaluation.json} ({@link Evaluation}) and {@code results.json}
 * ({@link Results}). The field names on disk are pinned by a test.
 */
public final class ExperimentRecords {
    private ExperimentRecords() {}

    /**
     * The settings that determine the results (not how or where they are computed); a results folder holds the
     * results of one such setting. {@code testExamples} is null when every test example is scored.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"source", "pairs_per_digit", "shift", "data_seed", "training", "models", "test_examples"})
    public record Settings(
            @JsonProperty("source") String source,
            @JsonProperty("pairs_per_digit") int pairsPerDigit,
            @JsonProperty("shift") int shift,
            @JsonProperty("data_seed") long dataSeed,
            @JsonProperty("training") String training,
            @JsonProperty("models") List<String> models,
            @JsonProperty("test_examples") Long testExamples) {}

    /** One split of the data: its pair count and, when the pairs were written, their mean overlap. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonPropertyOrder({"split", "source_digits", "pairs", "mean_overlap_20x20_boxes", "mean_overlap_ink_boxes"})
    public record SplitRecord(
            @JsonProperty("split") String split,
            @JsonProperty("source_digits") long sourceDigits,
            @JsonProperty("pairs") long pairs,
            @JsonProperty("mean_overlap_20x20_boxes") Double meanOverlapBoxes,
            @JsonProperty("mean_overlap_ink_boxes") Double meanOverlapInk) {}

    /** The data's generation settings and its splits. */
    @JsonPropertyOrder({"source", "pairs_per_digit", "shift", "seed", "on_the_fly", "splits"})
    public record DataRecord(
            @JsonProperty("source") String source,
            @JsonProperty("pairs_per_digit") int pairsPerDigit,
            @JsonProperty("shift") int shift,
            @JsonProperty("seed") long seed,
            @JsonProperty("on_the_fly") boolean onTheFly,
            @JsonProperty("splits") List<SplitRecord> splits) {

        DataRecord withSplits(List<SplitRecord> s) {
            return new DataRecord(source, pairsPerDigit, shift, seed, onTheFly, List.copyOf(s));
        }

        boolean sameSettings(DataRecord other) {
            return withSplits(List.of()).equals(other.withSplits(List.of()));
        }
    }

    /** A saved model scored on the test split. */
    @JsonPropertyOrder({
        "family",
        "examples",
        "two_digit_accuracy",
        "at_least_one_accuracy",
        "parameters",
        "epochs",
        "architecture"
    })
    public record Evaluation(
            @JsonProperty("family") String family,
            @JsonProperty("examples") long examples,
            @JsonProperty("two_digit_accuracy") double twoDigitAccuracy,
            @JsonProperty("at_least_one_accuracy") double atLeastOneAccuracy,
            @JsonProperty("parameters") long parameters,
            @JsonProperty("epochs") int epochs,
            @JsonProperty("architecture") String architecture) {}

    /** One model's line of the results: its scores, error rates, training time and speed, and epoch metrics. */
    @JsonPropertyOrder({
        "family",
        "architecture",
        "parameters",
        "epochs",
        "test_examples",
        "two_digit_accuracy",
        "at_least_one_accuracy",
        "two_digit_error",
        "at_least_one_error",
        "training_seconds",
        "train_images_per_sec",
        "final_train_loss",
        "model_file",
        "epoch_metrics"
    })
    public record ModelResult(
            @JsonProperty("family") String family,
            @JsonProperty("architecture") String architecture,
            @JsonProperty("parameters") long parameters,
            @JsonProperty("epochs") int epochs,
            @JsonProperty("test_examples") long testExamples,
            @JsonProperty("two_digit_accuracy") double twoDigitAccuracy,
            @JsonProperty("at_least_one_accuracy") double atLeastOneAccuracy,
            @JsonProperty("two_digit_error") double twoDigitError,
            @JsonProperty("at_least_one_error") double atLeastOneError,
            @JsonProperty("training_seconds") double trainingSeconds,
            @JsonProperty("train_images_per_sec") double trainImagesPerSec,
            @JsonProperty("final_train_loss") double finalTrainLoss,
            @JsonProperty("model_file") String modelFile,
            @JsonProperty("epoch_metrics") List<EpochRecord> epochMetrics) {

        /** The result of a model from its evaluation and its epoch records (one per epoch, in order). */
        static ModelResult of(Evaluation e, String modelFile, List<EpochRecord> epochs) {
            double seconds = 0;
            double examples = 0;
            for (EpochRecord r : epochs) {
                seconds += r.seconds();
                examples += r.examples();
            }
            return new ModelResult(
                    e.family(),
                    e.architecture(),
                    e.parameters(),
                    e.epochs(),
                    e.examples(),
                    e.twoDigitAccuracy(),
                    e.atLeastOneAccuracy(),
                    1 - e.twoDigitAccuracy(),
                    1 - e.atLeastOneAccuracy(),
                    seconds,
                    seconds > 0 ? examples / seconds : Double.NaN,
                    epochs.isEmpty()
                            ? Double.NaN
                            : epochs.get(epochs.size() - 1).trainLoss(),
                    modelFile,
                    List.copyOf(epochs));
        }
    }

    /** Everything of an experiment: settings, data, per model results, figures, versions, the command. */
    @JsonPropertyOrder({
        "experiment",
        "command",
        "master",
        "settings",
        "data",
        "models",
        "figures",
        "versions",
        "written_at"
    })
    public record Results(
            @JsonProperty("experiment") String experiment,
            @JsonProperty("command") String command,
            @JsonProperty("master") String master,
            @JsonProperty("settings") Settings settings,
            @JsonProperty("data") DataRecord data,
            @JsonProperty("models") List<ModelResult> models,
            @JsonProperty("figures") List<String> figures,
            @JsonProperty("versions") Map<String, String> versions,
            @JsonProperty("written_at") String writtenAt) {}
}
