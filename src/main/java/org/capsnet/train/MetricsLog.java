package org.capsnet.train;

import org.capsnet.io.StoragePath;
import org.nd4j.shade.jackson.core.JsonProcessingException;
import org.nd4j.shade.jackson.databind.ObjectMapper;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * Metrics as JSON lines, one object per line; a resumed run appends to what is there. Every record rewrites the
 * whole (small) file atomically through {@link StoragePath#writeAtomically}, so the file works the same on a local
 * disk, HDFS or an object store without append, and a reader never sees half a line.
 */
public final class MetricsLog implements Closeable {
    private static final ObjectMapper JSON = new ObjectMapper();

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

    public static String toJson(Map<String, ?> record) {
        try {
            return JSON.writeValueAsString(record);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("metrics record is not serialisable: " + record, e);
        }
    }

    public void write(Map<String, ?> record) {
        content.append(toJson(record)).append('\n');
        byte[] bytes = content.toString().getBytes(StandardCharsets.UTF_8);
        file.writeAtomically(out -> out.write(bytes));
    }

    @Override
    public void close() {
        // every record is already on disk
    }
}
