package org.capsnet.notebooks;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.capsnet.BuildInfo;
import org.capsnet.TempDirs;
import org.capsnet.data.TestData;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;

/**
 * Every {@code %spark} paragraph of every note runs, in order, in a real Spark REPL against the shaded jar that
 * {@code mvn package} built (hence an integration test: it runs after packaging). The notes run in file-name order
 * in one shared work directory, as a user would run them: the model the training note saves is the one the later
 * notes look at. Their tunables are set, through {@code -Dcapsnet.notebook.*}, to a slice of the MNIST sample
 * (300 training, 100 test digits), one epoch and a small CapsNet.
 */
@Tag("integration")
class NotebookParagraphsTest {
    /** Per note: Spark and REPL start-up, a small model's training, pictures. */
    private static final Duration TIMEOUT_PER_NOTE = Duration.ofMinutes(10);

    /** Kept after the run (REPL transcripts, pictures) for a look when a paragraph fails in CI. */
    private static final Path work = Path.of("target", "notebook-runs").toAbsolutePath();

    private static SparkRepl repl;

    @BeforeAll
    static void buildOutputsAndData() throws IOException {
        Path jar = Path.of("target", "capsnet-spark-" + BuildInfo.projectVersion() + "-spark.jar")
                .toAbsolutePath();
        Path sparkClasspath = Path.of("target", "spark-classpath.txt");
        assertTrue(
                Files.isRegularFile(jar), jar + " is missing: run `mvn package` (the integration tests run after it)");
        assertTrue(Files.isRegularFile(sparkClasspath), sparkClasspath + " is missing: run `mvn package`");
        List<Path> spark = Arrays.stream(
                        Files.readString(sparkClasspath).strip().split(java.io.File.pathSeparator))
                .map(Path::of)
                .toList();
        repl = new SparkRepl(jar, spark, "local[2]", TIMEOUT_PER_NOTE);
        TempDirs.deleteRecursively(work);
        TestData.mnistSubset(work.resolve("mnist"), 300, 100);
    }

    /** The small configuration CI runs every note with. */
    private static Map<String, String> tinySettings() {
        return Map.ofEntries(
                Map.entry("capsnet.notebook.work", work.toString()),
                Map.entry("capsnet.notebook.data", work.resolve("mnist").toString()),
                Map.entry("capsnet.notebook.epochs", "1"),
                Map.entry("capsnet.notebook.batchSize", "25"),
                Map.entry("capsnet.notebook.workers", "2"),
                Map.entry("capsnet.notebook.averagingFrequency", "2"),
                Map.entry("capsnet.notebook.conv1Channels", "32"),
                Map.entry("capsnet.notebook.primaryChannels", "8"),
                Map.entry("capsnet.notebook.decoder", "64,128"),
                Map.entry("capsnet.notebook.pairsPerDigit", "1"),
                Map.entry("capsnet.notebook.widthDivisor", "8"));
    }

    @TestFactory
    Stream<DynamicTest> everySparkParagraphRunsInOrderInSparkRepl() {
        return ZeppelinNote.all().stream()
                .map(note -> DynamicTest.dynamicTest(note.fileName(), () -> {
                    SparkRepl.Outcome outcome = repl.run(note, work, tinySettings());
                    if (!outcome.passed()) {
                        int failed = outcome.paragraphsPassed() + 1;
                        String what = failed <= outcome.paragraphs()
                                ? "%spark paragraph " + failed + " of " + outcome.paragraphs() + " "
                                        + note.paragraphs("spark")
                                                .get(failed - 1)
                                                .label() + " failed"
                                : "all paragraphs ran but the REPL did not end cleanly";
                        fail(note.fileName() + ": " + what + " (REPL exit code " + outcome.exitCode()
                                + (outcome.exitCode() == -1 ? ", timed out after " + TIMEOUT_PER_NOTE : "")
                                + "; full output in " + outcome.outputFile() + "). Its output:\n"
                                + SparkRepl.outputOf(outcome.output(), failed, 12_000));
                    }
                }));
    }
}
