package org.capsnet.data;

import org.capsnet.InvalidInputException;

import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;

/**
 * Puts the four standard files of a data set into a directory, never leaving a partial or unverified file under a
 * final name. {@link #fetch} downloads from the spec's mirrors in order (next mirror on 404, network failure or
 * checksum mismatch) into {@code NAME.part}, verifies the SHA-256, then renames. {@link #copyFrom} validates a local
 * directory (IDX structure, counts, labels; the SHA-256 too for a gzip file with the full official record count,
 * so subsets such as the MNIST sample are accepted) and copies atomically.
 */
public final class DataFetcher {
    private final DatasetSpec spec;
    private final Downloader downloader;
    private final PrintStream log;

    public DataFetcher(DatasetSpec spec, Downloader downloader, PrintStream log) {
        this.spec = spec;
        this.downloader = downloader;
        this.log = log;
    }

    /** The command line's fetcher: 5 attempts per mirror, back-off from 1 s, progress on {@code log}. */
    public static DataFetcher standard(DatasetSpec spec, PrintStream log) {
        return new DataFetcher(spec, new Downloader(5, 1000, log), log);
    }

    /** Downloads the files missing (or not matching their checksum) in {@code dir}; returns the final paths. */
    public List<Path> fetch(Path dir) {
        createDirectory(dir);
        List<Path> out = new ArrayList<>();
        for (String name : DatasetSpec.FILES) {
            out.add(fetchFile(dir, name));
        }
        return out;
    }

    private Path fetchFile(Path dir, String name) {
        Path target = dir.resolve(name);
        String expected = spec.sha256().get(name);
        if (Files.isRegularFile(target) && Sha256.of(target).equals(expected)) {
            log.println(name + ": already present and verified");
            return target;
        }
        Path part = dir.resolve(name + ".part");
        List<String> failures = new ArrayList<>();
        for (URI mirror : spec.mirrors()) {
            URI url = mirror.resolve(name);
            try {
                downloader.download(url, part);
            } catch (IOException e) {
                failures.add(e instanceof Downloader.HttpStatusException ? e.getMessage()
                        : url + ": " + Downloader.describe(e));
                continue;
            }
            String actual = Sha256.of(part);
            if (actual.equals(expected)) {
                move(part, target);
                log.println(name + ": verified SHA-256 " + actual);
                return target;
            }
            failures.add(url + ": SHA-256 " + actual + " does not match the official " + expected);
            delete(part);
        }
        throw new InvalidInputException(target + ": download failed from every mirror: "
                + String.join("; ", failures));
    }

    /** Validates the data set in {@code from} and copies its files into {@code dir}; returns the copied paths. */
    public List<Path> copyFrom(Path from, Path dir) {
        if (!Files.isDirectory(from)) {
            throw new InvalidInputException(from + ": --from directory not found");
        }
        List<Path> sources = new ArrayList<>();
        for (Split split : new Split[]{Split.TRAIN, Split.TEST}) {
            SourceDigits.load(from, split);
            sources.add(SplitFiles.require(from, split, "images", 3));
            sources.add(SplitFiles.require(from, split, "labels", 1));
        }
        for (Path src : sources) {
            checkOfficial(src);
        }
        createDirectory(dir);
        List<Path> out = new ArrayList<>();
        for (Path src : sources) {
            Path target = dir.resolve(src.getFileName().toString());
            Path part = dir.resolve(src.getFileName() + ".part");
            try {
                Files.copy(src, part, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw new InvalidInputException(part + ": cannot copy " + src + " (" + e.getMessage() + ")");
            }
            move(part, target);
            log.println(target.getFileName() + ": copied from " + src);
            out.add(target);
        }
        return out;
    }

    /** A gzip file with the full official record count must be the official file. */
    private void checkOfficial(Path file) {
        String name = file.getFileName().toString();
        String expected = spec.sha256().get(name);
        Integer fullCount = spec.counts().get(name);
        if (expected == null || fullCount == null || IdxReader.readHeader(file).count() != fullCount) {
            return;
        }
        String actual = Sha256.of(file);
        if (!actual.equals(expected)) {
            throw new InvalidInputException(file + ": has the full " + fullCount + " records of " + spec.name()
                    + " but its SHA-256 " + actual + " is not the official " + expected);
        }
    }

    private static void createDirectory(Path dir) {
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new InvalidInputException(dir + ": cannot create --dir directory (" + e.getMessage() + ")");
        }
    }

    private static void move(Path part, Path target) {
        try {
            Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new InvalidInputException(target + ": cannot rename " + part + " (" + e.getMessage() + ")");
        }
    }

    private static void delete(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new InvalidInputException(file + ": cannot delete (" + e.getMessage() + ")");
        }
    }
}
