package org.capsnet.notebooks;

import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;

/**
 * A Zeppelin note as read from a {@code .zpln} file (the JSON of Zeppelin 0.10 and 0.11): its name, id and
 * paragraphs, each split into the interpreter of its first line ({@code %spark}, {@code %md}, ...) and its body.
 * The raw JSON stays available for structure checks.
 */
record ZeppelinNote(Path file, JsonNode json, String name, String id, List<Paragraph> paragraphs) {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** Zeppelin's paragraph text: {@code %interpreter} or {@code %interpreter(local properties)}, then the body. */
    private static final Pattern MAGIC = Pattern.compile("\\A%([\\w.]+)(\\([^)]*\\))?[ \\t]*(\\r?\\n|\\z)");

    /** The notebooks directory of the repository (tests run from the project root). */
    static Path directory() {
        return Path.of("notebooks").toAbsolutePath();
    }

    /** Every note of the notebooks directory, sorted by file name. */
    static List<ZeppelinNote> all() {
        try (Stream<Path> files = Files.list(directory())) {
            return files.filter(f -> f.getFileName().toString().endsWith(".zpln"))
                    .sorted()
                    .map(ZeppelinNote::read)
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ZeppelinNote read(Path file) {
        JsonNode json;
        try {
            json = JSON.readTree(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + file + ": " + e.getMessage(), e);
        }
        List<Paragraph> paragraphs = new ArrayList<>();
        for (JsonNode p : json.path("paragraphs")) {
            paragraphs.add(Paragraph.of(p));
        }
        return new ZeppelinNote(
                file, json, json.path("name").asText(null), json.path("id").asText(null), List.copyOf(paragraphs));
    }

    String fileName() {
        return file.getFileName().toString();
    }

    /** The paragraphs of one interpreter, in order. */
    List<Paragraph> paragraphs(String interpreter) {
        return paragraphs.stream()
                .filter(p -> interpreter.equals(p.interpreter()))
                .toList();
    }

    /** One paragraph: its id, title, interpreter (null when the text has no magic line), body and raw JSON. */
    record Paragraph(String id, String title, String interpreter, String body, JsonNode json) {
        static Paragraph of(JsonNode p) {
            String text = p.path("text").asText("");
            Matcher m = MAGIC.matcher(text);
            String interpreter = m.find() ? m.group(1) : null;
            String body = interpreter == null ? text : text.substring(m.end());
            return new Paragraph(p.path("id").asText(null), p.path("title").asText(""), interpreter, body, p);
        }

        /**
         * The body read as Zeppelin's {@code %spark.conf} (ConfInterpreter) reads it: a Java properties file,
         * {@code key value} per line, {@code #} for comments.
         */
        Properties properties() {
            Properties props = new Properties();
            try {
                props.load(new StringReader(body));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return props;
        }

        String label() {
            return "'" + (title.isBlank() ? id : title) + "'";
        }
    }
}
