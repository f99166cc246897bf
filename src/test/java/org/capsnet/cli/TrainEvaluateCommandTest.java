package org.capsnet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.capsnet.data.TestData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The train and evaluate verbs end to end on the command line, without Spark (--master none). */
class TrainEvaluateCommandTest {
    @TempDir
    static Path dir;

    static Path data;

    @BeforeAll
    static void sampleData() {
        data = dir.resolve("mnist");
        TestData.mnistSubset(data, 100, 60);
    }

    /** Runs the command line, capturing stdout and stderr. */
    static Outcome run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = CapsNetMain.run(args);
            return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    record Outcome(int code, String out, String err) {
        String lastLine(String text) {
            List<String> lines = text.lines().filter(l -> !l.isBlank()).toList();
            return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
        }
    }

    @Test
    void trainSavesAModelThatEvaluatePrintsAsJson() throws Exception {
        Path model = dir.resolve("model.zip");
        Outcome train = run(
                "train",
                "--master",
                "none",
                "--data",
                data.toString(),
                "--epochs",
                "1",
                "--batch-size",
                "50",
                "--model-out",
                model.toString(),
                "--metrics-out",
                dir.resolve("m.jsonl").toString());
        assertEquals(0, train.code(), train.err());
        assertTrue(Files.isRegularFile(model));
        assertTrue(Files.size(dir.resolve("model-curves.png")) > 0, "curves are written beside the model");

        Outcome eval = run("evaluate", "--model", model.toString(), "--data", data.toString(), "--json");
        assertEquals(0, eval.code(), eval.err());
        String json = eval.lastLine(eval.out());
        assertTrue(json.startsWith("{") && json.contains("\"accuracy\"") && json.contains("\"examples\":60"), json);
        assertTrue(eval.out().contains("confusion matrix"), eval.out());
    }

    @Test
    void badOptionValueIsOneLineAndExitCode2() {
        Outcome o = run("train", "--master", "none", "--data", data.toString(), "--epochs", "0");
        assertEquals(2, o.code());
        assertEquals(1, o.err().strip().lines().count(), o.err());
        assertTrue(o.err().contains("--epochs"), o.err());
    }

    @Test
    void missingDataDirectoryNamesTheOption() {
        Outcome o =
                run("train", "--master", "none", "--data", dir.resolve("nope").toString());
        assertEquals(2, o.code());
        assertTrue(o.err().contains("--data") && o.err().contains("nope"), o.err());
    }

    @Test
    void evaluatingAFileThatIsNotAModelIsBadInput() throws Exception {
        Path notAModel = dir.resolve("junk.zip");
        Files.writeString(notAModel, "not a zip");
        Outcome o = run("evaluate", "--model", notAModel.toString(), "--data", data.toString());
        assertEquals(2, o.code());
        assertEquals(1, o.err().strip().lines().count(), o.err());
        assertTrue(o.err().contains("junk.zip"), o.err());
    }

    @Test
    void resumeWithoutCheckpointDirIsBadInput() {
        Outcome o = run("train", "--master", "none", "--data", data.toString(), "--resume");
        assertEquals(2, o.code());
        assertTrue(o.err().contains("--checkpoint-dir"), o.err());
    }

    @Test
    void benchmarkPrintsTheJsonContract() {
        Outcome o = run("benchmark", "--batch-size", "2", "--iterations", "1", "--warmup", "0", "--json");
        assertEquals(0, o.code(), o.err());
        String json = o.lastLine(o.out());
        for (String key : List.of(
                "train_images_per_sec",
                "batch_size",
                "threads",
                "gflop_per_image",
                "sgemm_gflops",
                "mfu",
                "warmup_steps",
                "jit_compile_ms",
                "gc_ms",
                "cpu_model",
                "blas_vendor",
                "blas_library",
                "blas_core",
                "blas_core_type_choice",
                "convolution",
                "omp_wait_policy",
                "blas_thread_timeout",
                "layer_ms")) {
            assertTrue(json.contains("\"" + key + "\""), key + " missing in " + json);
        }
        assertTrue(json.contains("\"warmup_steps\":0"), json);
    }

    @Test
    void benchmarkMeasuresTheBaselineAndTwoDigitTrainingLayerByLayer() {
        Outcome baseline = run(
                "benchmark",
                "--architecture",
                "baseline-cnn",
                "--input-size",
                "36",
                "--batch-size",
                "2",
                "--iterations",
                "1",
                "--warmup",
                "0",
                "--json");
        assertEquals(0, baseline.code(), baseline.err());
        String json = baseline.lastLine(baseline.out());
        assertTrue(json.contains("\"baseline-cnn\"") && json.contains("\"conv2_backward_ms\""), json);
        Outcome twoDigits = run(
                "benchmark",
                "--input-size",
                "36",
                "--digits-per-image",
                "2",
                "--batch-size",
                "2",
                "--iterations",
                "1",
                "--warmup",
                "0",
                "--json");
        assertEquals(0, twoDigits.code(), twoDigits.err());
        assertTrue(twoDigits.lastLine(twoDigits.out()).contains("\"decoder2_forward_ms\""), twoDigits.out());
        assertEquals(2, run("benchmark", "--digits-per-image", "3").code());
    }

    @Test
    void benchmarkOfEmCapsnetTakesItsSizesFromEmSizes() {
        double small = emGflopPerImage("4,2,2,2");
        double larger = emGflopPerImage("8,4,4,4");
        assertTrue(larger > 2 * small, "--em-sizes 8,4,4,4 counts " + larger + " GFLOP, 4,2,2,2 " + small);
    }

    private static double emGflopPerImage(String sizes) {
        Outcome o = run(
                "benchmark",
                "--architecture",
                "em-capsnet",
                "--em-sizes",
                sizes,
                "--batch-size",
                "2",
                "--iterations",
                "1",
                "--warmup",
                "0",
                "--json");
        assertEquals(0, o.code(), o.err());
        String json = o.lastLine(o.out());
        assertTrue(json.contains("\"em-capsnet\""), json);
        try {
            return org.capsnet.io.Json.MAPPER
                    .readTree(json)
                    .get("gflop_per_image")
                    .asDouble();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
