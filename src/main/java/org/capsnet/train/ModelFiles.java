package org.capsnet.train;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystem;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Enumeration;
import java.util.Map;
import java.util.zip.CRC32;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import org.capsnet.InvalidInputException;
import org.capsnet.io.LocalCopy;
import org.capsnet.io.StoragePath;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.util.ModelSerializer;

/**
 * Saves and loads DL4J model zips with the model's provenance inside ({@value #PROVENANCE_ENTRY}), at a local path
 * or a Hadoop FileSystem URI ({@link StoragePath}). A save builds the zip in a local staging file (beside the target
 * when it is local) and then puts it under the final name atomically, so a crash never leaves a half-written model
 * there; a load of a remote model reads a temporary local copy.
 */
public final class ModelFiles {
    public static final String PROVENANCE_ENTRY = "capsnet-provenance.json";

    private ModelFiles() {}

    /** A model and how it was made. */
    public record SavedModel(ComputationGraph graph, ModelProvenance provenance) {}

    /** {@link #save(ComputationGraph, ModelProvenance, StoragePath, boolean)} to a local file. */
    public static void save(ComputationGraph graph, ModelProvenance provenance, Path target, boolean withUpdater) {
        save(graph, provenance, StoragePath.local(target), withUpdater);
    }

    /** Writes the model (with the optimiser state if {@code withUpdater}) and its provenance to {@code target}. */
    public static void save(
            ComputationGraph graph, ModelProvenance provenance, StoragePath target, boolean withUpdater) {
        Path staging = target.createStagingFile();
        try {
            ModelSerializer.writeModel(graph, staging.toFile(), withUpdater);
            try (FileSystem zip = FileSystems.newFileSystem(URI.create("jar:" + staging.toUri()), Map.of())) {
                Files.writeString(zip.getPath(PROVENANCE_ENTRY), provenance.toJson(), StandardCharsets.UTF_8);
            }
            target.moveFrom(staging);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write model " + target + ": " + e.getMessage(), e);
        } finally {
            deleteQuietly(staging);
        }
    }

    /** {@link #load(StoragePath, boolean)} of a local file. */
    public static SavedModel load(Path file, boolean withUpdater) {
        return load(StoragePath.local(file), withUpdater);
    }

    /** Reads a model zip written by {@link #save}; bad input (exit 2) if it is missing or not a capsnet model. */
    public static SavedModel load(StoragePath file, boolean withUpdater) {
        if (!file.isFile()) {
            throw new InvalidInputException("model file " + file + " does not exist");
        }
        try (LocalCopy copy = file.localCopy()) {
            return load(file, copy.path(), withUpdater);
        }
    }

    private static SavedModel load(StoragePath file, Path local, boolean withUpdater) {
        String json;
        try (FileSystem zip = FileSystems.newFileSystem(URI.create("jar:" + local.toUri()), Map.of())) {
            json = Files.readString(zip.getPath(PROVENANCE_ENTRY));
        } catch (NoSuchFileException e) {
            throw new InvalidInputException(
                    "model file " + file + " has no " + PROVENANCE_ENTRY + ": not a capsnet model");
        } catch (CharacterCodingException e) {
            throw new InvalidInputException("model file " + file + ": its " + PROVENANCE_ENTRY + " is not UTF-8 text");
        } catch (IOException | RuntimeException e) {
            throw new InvalidInputException("model file " + file + " is not a readable model zip: " + oneLine(e), e);
        }
        ModelProvenance provenance;
        try {
            provenance = ModelProvenance.read(json);
        } catch (IllegalArgumentException e) {
            throw new InvalidInputException(
                    "model file " + file + ": bad " + PROVENANCE_ENTRY + ": " + e.getMessage(), e);
        }
        checkEntries(file, local);
        try {
            return new SavedModel(ModelSerializer.restoreComputationGraph(local.toFile(), withUpdater), provenance);
        } catch (IOException | RuntimeException e) {
            throw new InvalidInputException("model file " + file + " is not a readable DL4J model: " + oneLine(e), e);
        }
    }

    /**
     * Reads every entry of the zip through and checks its CRC-32, so that damaged bytes are bad input here: DL4J's
     * reader trusts the array headers it reads (a damaged length makes it allocate what it says, gigabytes; a damaged
     * shape crashes the JVM in native code).
     */
    private static void checkEntries(StoragePath file, Path local) {
        String damaged = null;
        try (ZipFile zip = new ZipFile(local.toFile())) {
            byte[] buffer = new byte[1 << 16];
            Enumeration<? extends ZipEntry> entries = zip.entries();
            while (damaged == null && entries.hasMoreElements()) {
                ZipEntry entry = entries.nextElement();
                CRC32 crc = new CRC32();
                try (InputStream in = zip.getInputStream(entry)) {
                    for (int n = in.read(buffer); n >= 0; n = in.read(buffer)) {
                        crc.update(buffer, 0, n);
                    }
                }
                if (entry.getCrc() != -1 && entry.getCrc() != crc.getValue()) {
                    damaged = entry.getName().replaceAll("\\p{Cntrl}", "?");
                }
            }
        } catch (IOException | RuntimeException e) {
            throw new InvalidInputException("model file " + file + " is not a readable model zip: " + oneLine(e), e);
        }
        if (damaged != null) {
            throw new InvalidInputException("model file " + file + " is damaged: the CRC-32 of its entry " + damaged
                    + " does not match its content");
        }
    }

    /** The message of {@code e} on one line (the class name when it has none). */
    private static String oneLine(Exception e) {
        String m = e.getMessage();
        return m == null || m.isBlank()
                ? e.getClass().getSimpleName()
                : m.replaceAll("\\s*\\R\\s*", " ").trim();
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException ignored) {
            // best effort: a leftover hidden .tmp never shadows a model
        }
    }
}
