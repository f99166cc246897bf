package org.capsnet.experiment;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;
import java.util.Map;
import org.capsnet.InvalidInputException;
import org.capsnet.data.TestData;
import org.capsnet.io.StoragePath;
import org.capsnet.model.CapsNetConfig;
import org.capsnet.model.NetworkArchitecture;
import org.capsnet.model.TinyCapsNets;
import org.capsnet.model.baseline.BaselineCnnConfig;
import org.capsnet.spark.SparkTrainerConfig;
import org.capsnet.train.CheckpointPolicy;
import org.capsnet.train.TrainingConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The MultiMNIST experiment end to end on a tiny set (3 pairs per digit of 300 + 60 sample digits, 1 epoch, small
 * models), on this machine: the results files and their fields, and a second run that skips the finished steps.
 */
class MultiMnistExperimentTest {
    @TempDir
    static Path shared;

    private static Path out;
    private static Map<String, Object> first;
    private static String firstConsole;

    static List<NetworkArchitecture> models() {
        return List.of(
                TinyCapsNets.small(),
                BaselineCnnConfig.builder()
                        .conv1(32, 9)
                        .conv2(16, 5)
                        .hiddenUnits(64)
                        .build());
    }

    static MultiMnistExperimentConfig config(Path outDir, int epochs) {
        Path source = shared.resolve("source");
        if (!Files.isDirectory(source)) {
            TestData.mnistSubset(source, 300, 60);
        }
        TrainingConfig training = TrainingConfig.builder()
                .epochs(epochs)
                .batchSize(30)
                .learningRate(0.002)
                .maxShift(0)
                .seed(5)
                .build();
        return new MultiMnistExperimentConfig(
                StoragePath.local(source),
                StoragePath.local(outDir),
                3,
                4,
                1,
                training,
                models(),
                "none",
                SparkTrainerConfig.builder().build(),
                "capsnet experiment multimnist (test)",
                false,
                Long.MAX_VALUE,
                CheckpointPolicy.END_OF_EPOCH);
    }

    private static String run(MultiMnistExperimentConfig config, Map<String, Object>[] results) {
        StringWriter text = new StringWriter();
        ExperimentRecords.Results r = MultiMnistExperiment.run(config, new PrintWriter(text, true));
        if (results != null) {
            results[0] = asJsonMap(r);
        }
        return text.toString();
    }

    @BeforeAll
    @SuppressWarnings("unchecked")
    static void runOnce() {
        out = shared.resolve("results");
        Map<String, Object>[] r = new Map[1];
        firstConsole = run(config(out, 1), r);
        first = r[0];
    }

    @Test
    @SuppressWarnings("unchecked")
    void resultsJsonHoldsErrorRatesParametersTimesAndOverlapOfEveryModel() throws Exception {
        Map<String, Object> json = ExperimentJson.read(StoragePath.local(out.resolve("results.json")));
        assertEquals(first.get("models"), json.get("models"));
        List<Map<String, Object>> models = (List<Map<String, Object>>) json.get("models");
        assertEquals(models().size(), models.size());
        for (Map<String, Object> m : models) {
            double twoDigitError = ((Number) m.get("two_digit_error")).doubleValue();
            double atLeastOneError = ((Number) m.get("at_least_one_error")).doubleValue();
            assertTrue(twoDigitError >= 0 && twoDigitError <= 1, "two-digit error " + twoDigitError);
            assertTrue(atLeastOneError <= twoDigitError, atLeastOneError + " > " + twoDigitError);
            assertEquals(180, ((Number) m.get("test_examples")).intValue());
            assertTrue(((Number) m.get("training_seconds")).doubleValue() > 0);
            assertTrue(((Number) m.get("train_images_per_sec")).doubleValue() > 0);
            assertEquals(1, ((List<?>) m.get("epoch_metrics")).size());
        }
        CapsNetConfig capsNet = TinyCapsNets.small().withInputSize(36).withDigitsPerImage(2);
        assertEquals(capsNet.parameterCount(), ((Number) models.get(0).get("parameters")).longValue());
        assertEquals("baseline-cnn", models.get(1).get("family"));
        assertEquals(models().get(1).parameterCount(), ((Number) models.get(1).get("parameters")).longValue());

        Map<String, Object> data = (Map<String, Object>) json.get("data");
        List<Map<String, Object>> splits = (List<Map<String, Object>>) data.get("splits");
        assertEquals(900, ((Number) splits.get(0).get("pairs")).intValue());
        assertEquals(180, ((Number) splits.get(1).get("pairs")).intValue());
        double overlap = ((Number) splits.get(0).get("mean_overlap_20x20_boxes")).doubleValue();
        assertTrue(overlap > 0.5 && overlap < 0.95, "overlap " + overlap);
        assertTrue(((Map<?, ?>) json.get("versions")).containsKey("deeplearning4j"));
        assertEquals("capsnet experiment multimnist (test)", json.get("command"));

        assertEquals(
                List.of(
                        "figures/capsnet-curves.png",
                        "figures/capsnet-reconstructions.png",
                        "figures/baseline-cnn-curves.png"),
                json.get("figures"));
        for (Object f : (List<?>) json.get("figures")) {
            java.awt.image.BufferedImage png =
                    javax.imageio.ImageIO.read(out.resolve((String) f).toFile());
            assertTrue(png.getWidth() > 100 && png.getHeight() > 100, f + " " + png.getWidth());
        }

        String md = Files.readString(out.resolve("results.md"));
        assertTrue(md.contains("![figures/capsnet-reconstructions.png](figures/capsnet-reconstructions.png)"), md);
        assertTrue(md.contains("| capsnet | "), md);
        assertTrue(md.contains("| baseline-cnn | "), md);
        assertTrue(md.contains("two-digit error"), md);
        assertTrue(firstConsole.contains("data generated"), firstConsole);
    }

    @Test
    void secondRunSkipsEveryFinishedStep() throws Exception {
        Path model = out.resolve("capsnet/model.zip");
        FileTime before = Files.getLastModifiedTime(model);
        String console = run(config(out, 1), null);
        assertTrue(console.contains("data reused"), console);
        assertTrue(console.contains("train capsnet: done before, skipped"), console);
        assertTrue(console.contains("train baseline-cnn: done before, skipped"), console);
        assertTrue(console.contains("evaluate capsnet (done before, skipped)"), console);
        assertEquals(before, Files.getLastModifiedTime(model));
    }

    @Test
    void interruptedTrainingResumesFromItsCheckpoint(@TempDir Path dir) throws Exception {
        Path copy = dir.resolve("results");
        copyTree(out, copy);
        // as if the run had stopped after the last checkpoint but before saving the model
        Files.delete(copy.resolve("capsnet/model.zip"));
        Files.delete(copy.resolve("capsnet/evaluation.json"));
        String console = run(config(copy, 1), null);
        assertTrue(console.contains("train capsnet: finished"), console);
        assertTrue(Files.isRegularFile(copy.resolve("capsnet/model.zip")));
        assertEquals(
                1,
                Files.readAllLines(copy.resolve("capsnet/metrics.jsonl")).stream()
                        .filter(line -> !line.contains("\"round\""))
                        .count(),
                "the checkpointed epoch is not trained again");
    }

    @Test
    void aFolderWithOtherSettingsIsRefused() {
        assertThrows(InvalidInputException.class, () -> run(config(out, 2), null));
    }

    /** The record as the map a JSON reader makes of it. */
    @SuppressWarnings("unchecked")
    private static Map<String, Object> asJsonMap(Object record) {
        try {
            return org.capsnet.io.Json.MAPPER.readValue(org.capsnet.io.Json.line(record), Map.class);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static void copyTree(Path from, Path to) throws Exception {
        try (var paths = Files.walk(from)) {
            for (Path p : paths.toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target);
                }
            }
        }
    }

    @Test
    void onTheFlyPairsTrainAndScoreTheSlicedTestSetWithoutWritingTheData(@TempDir Path dir) throws Exception {
        MultiMnistExperimentConfig materialised = config(dir.resolve("unused"), 1);
        MultiMnistExperimentConfig onTheFly = new MultiMnistExperimentConfig(
                materialised.source(),
                StoragePath.local(dir.resolve("fly")),
                3,
                4,
                1,
                TrainingConfig.builder()
                        .epochs(1)
                        .batchSize(30)
                        .learningRate(0.002)
                        .maxShift(0)
                        .seed(5)
                        .maxRounds(4)
                        .build(),
                List.of(TinyCapsNets.small()),
                "none",
                SparkTrainerConfig.builder().build(),
                "test",
                true,
                40,
                CheckpointPolicy.END_OF_EPOCH);
        String console = run(onTheFly, null);

        assertTrue(console.contains("data generated on the fly: train 900 pairs, t10k 180 pairs"), console);
        try (var files = Files.list(dir.resolve("fly/data"))) {
            assertEquals(
                    List.of("multimnist.json"),
                    files.map(p -> p.getFileName().toString()).toList(),
                    "no pair is written");
        }
        Map<String, Object> evaluation =
                ExperimentJson.read(StoragePath.local(dir.resolve("fly/capsnet/evaluation.json")));
        assertEquals(40, ((Number) evaluation.get("examples")).intValue(), "the --test-examples slice");
    }
}
