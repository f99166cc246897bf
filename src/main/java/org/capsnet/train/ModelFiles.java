package org.capsnet.train;

import org.capsnet.InvalidInputException;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

/**
 * Saves and loads DL4J model zips with the model's provenance inside ({@value #PROVENANCE_ENTRY}). A save writes a
 * temporary file in the target's directory and renames it over the target, so a crash never leaves a half-written
 * model under the final name.
 */
public final class ModelFiles {
    public static final String PROVENANCE_ENTRY = "capsnet-provenance.json";

    private ModelFiles() {
    }

    /** A model and how it was made. */
    public record SavedModel(ComputationGraph graph, ModelProvenance provenance) {
    }

    public static void save(ComputationGraph graph, ModelProvenance provenance, Path target, boolean withUpdater) {
        Path dir = target.toAbsolutePath().getParent();
        Path tmp = null;
        try {
            Files.createDirectories(dir);
            tmp = Files.createTempFile(dir, "." + target.getFileName(), ".tmp");
            ModelSerializer.writeModel(graph, tmp.toFile(), withUpdater);
            try (FileSystem zip = FileSystems.newFileSystem(URI.create("jar:" + tmp.toUri()), Map.of())) {
                Files.writeString(zip.getPath(PROVENANCE_ENTRY), provenance.toJson(), StandardCharsets.UTF_8);
            }
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write model " + target + ": " + e.getMessage(), e);
        } finally {
            deleteQuietly(tmp);
        }
    }

    public static SavedModel load(Path file, boolean withUpdater) {
        if (!Files.isRegularFile(file)) {
            throw new InvalidInputException("model file " + file + " does not exist");
        }
        ModelProvenance provenance;
        try (FileSystem zip = FileSystems.newFileSystem(URI.create("jar:" + file.toUri()), Map.of())) {
            provenance = ModelProvenance.fromJson(Files.readString(zip.getPath(PROVENANCE_ENTRY)));
        } catch (NoSuchFileException e) {
            throw new InvalidInputException("model file " + file + " has no " + PROVENANCE_ENTRY
                    + ": not a capsnet model");
        } catch (IOException | RuntimeException e) {
            throw new InvalidInputException("model file " + file + " is not a readable model zip: " + e.getMessage());
        }
        try {
            return new SavedModel(ModelSerializer.restoreComputationGraph(file.toFile(), withUpdater), provenance);
        } catch (IOException | RuntimeException e) {
            throw new InvalidInputException("model file " + file + " is not a readable DL4J model: "
                    + e.getMessage());
        }
    }

    private static void deleteQuietly(Path p) {
        if (p != null) {
            try {
                Files.deleteIfExists(p);
            } catch (IOException ignored) {
                // best effort: a leftover .tmp never shadows a model
            }
        }
    }
}
