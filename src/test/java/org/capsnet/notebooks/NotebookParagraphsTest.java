package org.capsnet.notebooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.capsnet.BuildInfo;
import org.capsnet.TempDirs;
import org.capsnet.data.TestData;
import org.capsnet.eval.pictures.AssignmentPicture;
import org.capsnet.eval.pictures.ImageGrid;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;

/**
 * Every {@code %spark} paragraph of every note runs, in order, in a real Spark REPL against the shaded jar that
 * {@code mvn package} built (hence an integration test: it runs after packaging). The notes run in file-name order
 * in one shared work directory, as a user would run them: the model the training note saves is the one the later
 * notes look at. Their tunables are set, through {@code -Dcapsnet.notebook.*}, to a slice of the MNIST sample
 * (300 training, 100 test digits), one epoch and a small CapsNet (and a tiny em-capsnet, A,B,C,D = 8,4,4,4). Some
 * notes' results are checked beyond running: the EM note's assignment probabilities are read back from its CSV.
 * {@code -Dcapsnet.notebooks.only=5-} runs only the notes whose file name contains that text.
 */
@Tag("integration")
class NotebookParagraphsTest {
    /** Per note: Spark and REPL start-up, a small model's training, pictures. */
    private static final Duration TIMEOUT_PER_NOTE = Duration.ofMinutes(10);

    /** Kept after the run (REPL transcripts, pictures) for a look when a paragraph fails in CI. */
    private static final Path work = Path.of("target", "notebook-runs").toAbsolutePath();

    private static SparkRepl repl;

    /** The em-capsnet of the EM note in CI: A, B, C, D; D = 4 types of children of the class capsules. */
    private static final String EM_SIZES = "8,4,4,4";

    private static final int EM_CHILD_TYPES = 4;
    private static final int EM_GRID = 3;
    private static final int CLASSES = 10;

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
                Map.entry("capsnet.notebook.widthDivisor", "8"),
                Map.entry("capsnet.notebook.emSizes", EM_SIZES),
                Map.entry("capsnet.notebook.testExamples", "100"));
    }

    /**
     * Note 5 saved R of test digit 0 as CSV (one line per child: row, column, type, then R over the 10 class
     * capsules) and as a picture: 3 x 3 x 4 children, each child's R in [0, 1] summing to 1 over the classes, and
     * the picture of {@link AssignmentPicture}'s size for that shape.
     */
    private static void checkEmAssignments() throws IOException {
        List<String> lines = Files.readAllLines(work.resolve("em-assignments-0.csv"));
        assertEquals(1 + EM_GRID * EM_GRID * EM_CHILD_TYPES, lines.size(), "header and one line per child");
        assertEquals(3 + CLASSES, lines.get(0).split(",").length, lines.get(0));
        for (int i = 1; i < lines.size(); i++) {
            String[] cells = lines.get(i).split(",");
            assertEquals(3 + CLASSES, cells.length, lines.get(i));
            int child = i - 1;
            assertEquals(
                    List.of(child / EM_CHILD_TYPES / EM_GRID, child / EM_CHILD_TYPES % EM_GRID, child % EM_CHILD_TYPES),
                    List.of(Integer.parseInt(cells[0]), Integer.parseInt(cells[1]), Integer.parseInt(cells[2])),
                    "row, column, type of child " + child);
            double sum = 0;
            for (int j = 0; j < CLASSES; j++) {
                double r = Double.parseDouble(cells[3 + j]);
                assertTrue(r >= 0 && r <= 1, "R of child " + child + ", class " + j + ": " + r);
                sum += r;
            }
            assertEquals(1, sum, 1e-4, "R of child " + child + " over the class capsules");
        }
        BufferedImage picture =
                ImageIO.read(work.resolve("em-assignments-0.png").toFile());
        ImageGrid expected = AssignmentPicture.grid(
                new double[EM_GRID * EM_GRID * EM_CHILD_TYPES][CLASSES],
                new double[CLASSES],
                EM_GRID,
                EM_CHILD_TYPES,
                "");
        assertEquals(expected.width(), picture.getWidth());
        assertEquals(expected.height(), picture.getHeight());
    }

    @TestFactory
    Stream<DynamicTest> everySparkParagraphRunsInOrderInSparkRepl() {
        String only = System.getProperty("capsnet.notebooks.only", "");
        return ZeppelinNote.all().stream()
                .filter(note -> note.fileName().contains(only))
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
                    if (note.fileName().startsWith("5-em-routing")) {
                        checkEmAssignments();
                    }
                }));
    }
}
