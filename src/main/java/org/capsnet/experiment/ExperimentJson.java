package org.capsnet.experiment;

import org.capsnet.InvalidInputException;
import org.capsnet.io.StoragePath;
import org.nd4j.shade.jackson.core.type.TypeReference;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.nd4j.shade.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** Reads and (atomically) writes the experiment's JSON files as maps. */
final class ExperimentJson {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private ExperimentJson() {
    }

    static void write(StoragePath file, Map<String, ?> content) {
        file.writeAtomically(out -> out.write(toJson(content).getBytes(StandardCharsets.UTF_8)));
    }

    static String toJson(Map<String, ?> content) {
        try {
            return JSON.writeValueAsString(content) + "\n";
        } catch (IOException e) {
            throw new IllegalArgumentException("not serialisable as JSON: " + e.getMessage(), e);
        }
    }

    static Map<String, Object> read(StoragePath file) {
        try (InputStream in = file.openInput()) {
            return JSON.readValue(in, new TypeReference<Map<String, Object>>() { });
        } catch (IOException e) {
            throw new InvalidInputException(file + " is not a readable JSON file: " + e.getMessage());
        }
    }

    static Map<String, Object> parse(String json) {
        try {
            return JSON.readValue(json, new TypeReference<Map<String, Object>>() { });
        } catch (IOException e) {
            throw new IllegalArgumentException("not a JSON object: " + e.getMessage(), e);
        }
    }

    /** A map read back and normalised through JSON, so that it compares equal to one read from a file. */
    static Map<String, Object> roundTrip(Map<String, ?> content) {
        try {
            return JSON.readValue(toJson(content), new TypeReference<Map<String, Object>>() { });
        } catch (IOException e) {
            throw new IllegalArgumentException(e);
        }
    }
}
