package org.capsnet.train;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.capsnet.InvalidInputException;
import org.capsnet.io.Json;
import org.capsnet.io.StoragePath;
import org.nd4j.shade.jackson.databind.JsonNode;

/**
 * Metrics as JSON lines, one object per line; a resumed run appends to what is there. Every record rewrites the
 * whole (small) file atomically through {@link StoragePath#writeAtomically}, so the file works the same on a local
 * disk, HDFS or an object store without append, and a reader never sees half a line. {@link #read} gives the
 * records back typed: a line with a {@code "round"} field is a {@link RoundRecord}, any other an {@link EpochRecord}.
 */
public final class MetricsLog implements Closeable {

    private final StoragePath file;
    private final StringBuilder content = new StringBuilder();

    public MetricsLog(java.nio.file.Path file) {
        this(StoragePath.local(file));
    }

    public MetricsLog(StoragePath file) {
        this.file = file;
        if (file.exists()) {
            try (InputStream in = file.openInput()) {
                content.append(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read metrics file " + file + ": " + e.getMessage(), e);
            }
            if (content.length() > 0 && content.charAt(content.length() - 1) != '\n') {
                content.append('\n');
            }
        }
        file.checkWritable();
    }

    public void write(MetricsRecord record) {
        content.append(Json.line(record)).append('\n');
        byte[] bytes = content.toString().getBytes(StandardCharsets.UTF_8);
        file.writeAtomically(out -> out.write(bytes));
    }

    /**
     * Every record of a metrics file in the order written (a resumed run appends to the file of the run it
     * continues); none when there is no file.
     *
     * @throws InvalidInputException naming the file and line of a line that is not a metrics record
     */
    public static List<MetricsRecord> read(StoragePath file) {
        List<MetricsRecord> records = new ArrayList<>();
        if (!file.isFile()) {
            return records;
        }
        int lineNumber = 0;
        try (BufferedReader in = new BufferedReader(new InputStreamReader(file.openInput(), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                lineNumber++;
                if (!line.isBlank()) {
                    records.add(parse(line));
                }
            }
        } catch (IOException | IllegalArgumentException e) {
            throw new InvalidInputException(
                    "metrics file " + file + (lineNumber > 0 ? " line " + lineNumber : "")
                            + " is not readable as metrics JSON lines: " + e.getMessage(),
                    e);
        }
        return records;
    }

    /** The epoch records of {@code records}, in order. */
    public static List<EpochRecord> epochs(List<? extends MetricsRecord> records) {
        return records.stream()
                .filter(EpochRecord.class::isInstance)
                .map(EpochRecord.class::cast)
                .toList();
    }

    /** One line of a metrics file. */
    static MetricsRecord parse(String line) throws IOException {
        JsonNode node = Json.MAPPER.readTree(line);
        if (node == null || !node.isObject() || !node.path("epoch").isNumber()) {
            throw new IOException("no numeric \"epoch\"");
        }
        if (!node.path("train_loss").isNumber() && !node.path("train_loss").isTextual()) {
            throw new IOException("no \"train_loss\"");
        }
        return node.has("round")
                ? Json.MAPPER.treeToValue(node, RoundRecord.class)
                : Json.MAPPER.treeToValue(node, EpochRecord.class);
    }

    @Override
    public void close() {
        // every record is already on disk
    }
}
