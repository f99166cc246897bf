package org.capsnet.experiment;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.capsnet.InvalidInputException;
import org.capsnet.io.Json;
import org.capsnet.io.StoragePath;
import org.nd4j.shade.jackson.core.type.TypeReference;

/** Reads and (atomically) writes the experiment's JSON files ({@link ExperimentRecords}), indented. */
final class ExperimentJson {
    private ExperimentJson() {}

    static void write(StoragePath file, Object content) {
        byte[] bytes = (Json.pretty(content) + "\n").getBytes(StandardCharsets.UTF_8);
        file.writeAtomically(out -> out.write(bytes));
    }

    static <T> T read(StoragePath file, Class<T> type) {
        try (InputStream in = file.openInput()) {
            return Json.MAPPER.readValue(in, type);
        } catch (IOException e) {
            throw new InvalidInputException(file + " is not a readable JSON file: " + e.getMessage());
        }
    }

    /** A JSON file as a map, as a tool that does not know the records would read it. */
    static Map<String, Object> read(StoragePath file) {
        try (InputStream in = file.openInput()) {
            return Json.MAPPER.readValue(in, new TypeReference<Map<String, Object>>() {});
        } catch (IOException e) {
            throw new InvalidInputException(file + " is not a readable JSON file: " + e.getMessage());
        }
    }
}
