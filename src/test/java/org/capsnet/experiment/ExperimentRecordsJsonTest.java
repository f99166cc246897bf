package org.capsnet.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.capsnet.experiment.ExperimentRecords.DataRecord;
import org.capsnet.experiment.ExperimentRecords.Evaluation;
import org.capsnet.experiment.ExperimentRecords.ModelResult;
import org.capsnet.experiment.ExperimentRecords.Results;
import org.capsnet.experiment.ExperimentRecords.Settings;
import org.capsnet.experiment.ExperimentRecords.SplitRecord;
import org.capsnet.io.Json;
import org.capsnet.io.StoragePath;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.shade.jackson.databind.JsonNode;

/** The experiment's JSON files keep their field names and order (tools and the README read them). */
class ExperimentRecordsJsonTest {
    static final Settings SETTINGS =
            new Settings("/data/mnist", 1000, 4, 1, "TrainingConfig{...}", List.of("CapsNetConfig{...}"), null);
    static final DataRecord DATA = new DataRecord(
            "/data/mnist",
            1000,
            4,
            1,
            false,
            List.of(
                    new SplitRecord("train", 60000, 60000000, 0.73, 0.6),
                    new SplitRecord("t10k", 10000, 10000, null, null)));
    static final Evaluation EVALUATION = new Evaluation("capsnet", 10000, 0.9, 0.99, 8000000, 3, "CapsNetConfig{...}");

    @Test
    void resultsJsonFieldNames() throws Exception {
        Results r = new Results(
                "multimnist",
                "capsnet experiment multimnist",
                "local[*]",
                SETTINGS,
                DATA,
                List.of(ModelResult.of(
                        EVALUATION,
                        "out/capsnet/model.zip",
                        List.of(new org.capsnet.train.EpochRecord(
                                1, 0.25, 100, 6.0, 16.7, 0.001, 2, 2, 0, 6.0, 0, 0.9, 10L, 0.8, 0.95, null)))),
                List.of("figures/capsnet-curves.png"),
                Map.of("java", "17"),
                "2026-01-01T00:00:00Z");
        JsonNode json = Json.MAPPER.readTree(Json.pretty(r));
        assertEquals(
                List.of(
                        "experiment",
                        "command",
                        "master",
                        "settings",
                        "data",
                        "models",
                        "figures",
                        "versions",
                        "written_at"),
                names(json));
        assertEquals(
                List.of("source", "pairs_per_digit", "shift", "data_seed", "training", "models"),
                names(json.get("settings")));
        assertEquals(
                List.of("source", "pairs_per_digit", "shift", "seed", "on_the_fly", "splits"), names(json.get("data")));
        assertEquals(
                List.of("split", "source_digits", "pairs", "mean_overlap_20x20_boxes", "mean_overlap_ink_boxes"),
                names(json.get("data").get("splits").get(0)));
        assertEquals(
                List.of("split", "source_digits", "pairs"),
                names(json.get("data").get("splits").get(1)));
        assertEquals(
                List.of(
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
                        "epoch_metrics"),
                names(json.get("models").get(0)));
        assertEquals(
                "train_loss",
                names(json.get("models").get(0).get("epoch_metrics").get(0)).get(1));
    }

    @Test
    void evaluationJsonFieldNamesAndReadingBack(@TempDir Path dir) throws Exception {
        StoragePath file = StoragePath.local(dir.resolve("evaluation.json"));
        ExperimentJson.write(file, EVALUATION);
        assertEquals(
                List.of(
                        "family",
                        "examples",
                        "two_digit_accuracy",
                        "at_least_one_accuracy",
                        "parameters",
                        "epochs",
                        "architecture"),
                names(Json.MAPPER.readTree(Json.pretty(EVALUATION))));
        assertEquals(EVALUATION, ExperimentJson.read(file, Evaluation.class));
        StoragePath data = StoragePath.local(dir.resolve("multimnist.json"));
        ExperimentJson.write(data, DATA);
        assertEquals(DATA, ExperimentJson.read(data, DataRecord.class));
        StoragePath settings = StoragePath.local(dir.resolve("experiment.json"));
        ExperimentJson.write(settings, SETTINGS);
        assertEquals(SETTINGS, ExperimentJson.read(settings, Settings.class));
    }

    private static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
