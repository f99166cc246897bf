package org.capsnet.notebooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.capsnet.BuildInfo;
import org.capsnet.spark.SparkSessions;
import org.junit.jupiter.api.Test;
import org.nd4j.shade.jackson.databind.JsonNode;

/**
 * The notes in notebooks/ are Zeppelin 0.10/0.11 notes with the structure the README and the paragraph runner
 * ({@link NotebookParagraphsTest}) rely on. File names follow Zeppelin's {@code <name>_<id>.zpln}, so the files
 * can also be copied into Zeppelin's notebook directory as they are.
 */
class NotebookStructureTest {
    private static final List<String> NOTES = List.of(
            "1-mnist-training_2CAPSNET1.zpln",
            "2-multimnist_2CAPSNET2.zpln",
            "3-capsules_2CAPSNET3.zpln",
            "4-routing_2CAPSNET4.zpln",
            "5-em-routing_2CAPSNET5.zpln");
    private static final Map<String, String> EDITOR_MODES =
            Map.of("md", "ace/mode/markdown", "spark", "ace/mode/scala", "spark.conf", "ace/mode/text");

    @Test
    void theNotesAreThere() {
        assertEquals(
                NOTES, ZeppelinNote.all().stream().map(ZeppelinNote::fileName).toList());
    }

    @Test
    void everyNoteHasZeppelinsTopLevelFieldsAndItsFileNameMatchesNameAndId() {
        for (ZeppelinNote note : ZeppelinNote.all()) {
            String file = note.fileName();
            JsonNode json = note.json();
            assertTrue(
                    json.path("paragraphs").isArray() && json.path("paragraphs").size() > 0, file);
            assertNotNull(note.name(), file);
            assertTrue(note.id() != null && note.id().matches("[0-9A-Z]{9}"), file + ": id " + note.id());
            assertEquals(note.name() + "_" + note.id() + ".zpln", file);
            assertEquals("spark", json.path("defaultInterpreterGroup").asText(), file);
            assertTrue(json.path("version").asText().matches("0\\.1[01]\\..*"), file + ": Zeppelin version");
            for (String map : List.of("noteParams", "noteForms", "angularObjects", "config", "info")) {
                assertTrue(json.path(map).isObject(), file + ": " + map);
            }
        }
    }

    @Test
    void everyParagraphHasAUniqueIdAKnownInterpreterAndItsEditorSettings() {
        for (ZeppelinNote note : ZeppelinNote.all()) {
            Set<String> ids = new HashSet<>();
            for (ZeppelinNote.Paragraph p : note.paragraphs()) {
                String where = note.fileName() + " paragraph " + p.id();
                assertTrue(p.id() != null && !p.id().isBlank() && ids.add(p.id()), where + ": id missing or repeated");
                assertTrue(EDITOR_MODES.containsKey(p.interpreter()), where + ": interpreter " + p.interpreter());
                JsonNode config = p.json().path("config");
                assertEquals(
                        EDITOR_MODES.get(p.interpreter()),
                        config.path("editorMode").asText(),
                        where);
                assertTrue(config.path("editorSetting").path("language").isTextual(), where);
                assertTrue(p.json().path("settings").path("params").isObject(), where);
                assertTrue(p.json().path("settings").path("forms").isObject(), where);
                assertEquals("READY", p.json().path("status").asText(), where);
                assertFalse(p.body().isBlank(), where + ": empty paragraph");
            }
        }
    }

    @Test
    void theFirstParagraphToRunIsSparkConfLoadingTheProjectJarWithKryo() {
        String jar = "/capsnet-spark-" + BuildInfo.projectVersion() + "-spark.jar";
        for (ZeppelinNote note : ZeppelinNote.all()) {
            String file = note.fileName();
            ZeppelinNote.Paragraph first = note.paragraphs().stream()
                    .filter(p -> !"md".equals(p.interpreter()))
                    .findFirst()
                    .orElseThrow();
            assertEquals("spark.conf", first.interpreter(), file);
            assertEquals(1, note.paragraphs("spark.conf").size(), file);
            Properties conf = first.properties();
            assertTrue(conf.getProperty("spark.jars", "").endsWith(jar), file + ": spark.jars should end in " + jar);
            assertEquals("org.apache.spark.serializer.KryoSerializer", conf.getProperty("spark.serializer"), file);
            assertEquals(SparkSessions.REGISTRATOR, conf.getProperty("spark.kryo.registrator"), file);
            for (String key : conf.stringPropertyNames()) {
                assertTrue(key.startsWith("spark."), file + ": not a Spark setting: " + key);
            }
        }
    }

    @Test
    void everyNoteExplainsInMarkdownAndStartsItsScalaWithTitledTunableParameters() {
        for (ZeppelinNote note : ZeppelinNote.all()) {
            String file = note.fileName();
            assertFalse(note.paragraphs("md").isEmpty(), file + ": no %md paragraph");
            List<ZeppelinNote.Paragraph> scala = note.paragraphs("spark");
            assertFalse(scala.isEmpty(), file + ": no %spark paragraph");
            scala.forEach(
                    p -> assertFalse(p.title().isBlank(), file + ": %spark paragraph " + p.id() + " has no title"));
            assertEquals("Parameters", scala.get(0).title(), file);
            assertTrue(
                    scala.get(0).body().contains("sys.props.getOrElse(\"capsnet.notebook.\""),
                    file + ": the parameters paragraph reads -Dcapsnet.notebook.* overrides");
        }
    }
}
