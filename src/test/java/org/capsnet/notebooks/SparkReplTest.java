package org.capsnet.notebooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.capsnet.BuildInfo;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.nd4j.shade.jackson.databind.node.ArrayNode;
import org.nd4j.shade.jackson.databind.node.ObjectNode;

/**
 * The paragraph runner tells a failing paragraph from a passing one, so that a broken note fails the build: a
 * compiler error and an exception each stop the run at their paragraph, the later ones do not run, and paragraphs
 * share their definitions and the note's %spark.conf settings as in Zeppelin.
 */
@Tag("integration")
class SparkReplTest {
    @TempDir
    Path tmp;

    private SparkRepl repl() throws Exception {
        List<Path> spark = Arrays.stream(Files.readString(Path.of("target", "spark-classpath.txt"))
                        .strip()
                        .split(java.io.File.pathSeparator))
                .map(Path::of)
                .toList();
        // Spark's jars without those the project shares with it (commons-lang3, ...): the shaded jar has them.
        Path jar = Path.of("target", "capsnet-spark-" + BuildInfo.projectVersion() + "-spark.jar")
                .toAbsolutePath();
        return new SparkRepl(jar, spark, "local[1]", Duration.ofMinutes(3));
    }

    private ZeppelinNote note(String... texts) throws Exception {
        ObjectMapper json = new ObjectMapper();
        ObjectNode note = json.createObjectNode().put("name", "synthetic").put("id", "2SYNTHETI");
        ArrayNode paragraphs = note.putArray("paragraphs");
        for (int i = 0; i < texts.length; i++) {
            paragraphs
                    .addObject()
                    .put("id", "paragraph_" + i)
                    .put("title", "p" + (i + 1))
                    .put("text", texts[i]);
        }
        Path file = tmp.resolve("synthetic_2SYNTHETI.zpln");
        json.writeValue(file.toFile(), note);
        return ZeppelinNote.read(file);
    }

    @Test
    void aCompilerErrorStopsTheRunAtItsParagraph() throws Exception {
        ZeppelinNote note = note(
                "%spark.conf\nspark.app.name notebook-conf-applied",
                "%md\nnot Scala: { ",
                "%spark\nval answer = 42\nprintln(\"app \" + sc.appName)",
                "%spark\nval wrong: Int = \"not an int\"",
                "%spark\nprintln(\"@@third-ran\")");
        SparkRepl.Outcome outcome = repl().run(note, tmp, Map.of());
        assertFalse(outcome.passed(), outcome.output());
        assertEquals(1, outcome.paragraphsPassed(), outcome.output());
        assertEquals(3, outcome.paragraphs());
        assertTrue(outcome.output().contains("app notebook-conf-applied"), outcome.output());
        assertTrue(SparkRepl.outputOf(outcome.output(), 2, 5000).contains("error: type mismatch"), outcome.output());
        assertFalse(outcome.output().contains("@@third-ran"), outcome.output());
    }

    @Test
    void anExceptionStopsTheRunAtItsParagraphAndDefinitionsCarryOver() throws Exception {
        ZeppelinNote note = note(
                "%spark\nval numbers = sc.parallelize(1 to 10)",
                "%spark\nprintln(\"sum \" + numbers.sum().toInt)",
                "%spark\nnumbers.map(n => 10 / (n - n)).collect()",
                "%spark\nprintln(\"@@fourth-ran\")");
        SparkRepl.Outcome outcome = repl().run(note, tmp, Map.of());
        assertFalse(outcome.passed(), outcome.output());
        assertEquals(2, outcome.paragraphsPassed(), outcome.output());
        assertTrue(outcome.output().contains("sum 55"), outcome.output());
        assertTrue(SparkRepl.outputOf(outcome.output(), 3, 20000).contains("ArithmeticException"), outcome.output());
        assertFalse(outcome.output().contains("@@fourth-ran"), outcome.output());
    }
}
