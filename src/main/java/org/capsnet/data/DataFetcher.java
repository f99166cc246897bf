package org.capsnet.data;

import org.capsnet.InvalidInputException;
import org.capsnet.io.StoragePath;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Puts the four standard files of a data set into a directory, never leaving a partial or unverified file under a
 * final name. {@link #fetch} downloads from the spec's mirrors in order (next mirror on 404, network failure or
 * checksum mismatch) into {@code NAME.part}, verifies the SHA-256, then renames. {@link #copyFrom} validates a local
 * directory (IDX structure, counts, labels; the SHA-256 too for a gzip file with the full official record count,
 * so subsets such as the MNIST sample are accepted) and copies atomically. Both directories may be local paths or
 * Hadoop FileSystem URIs.
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

    /**
     * Downloads the files missing (or not matching their checksum) in {@code dir}, a local path or a Hadoop URI;
     * returns the final paths. Downloads go to {@code NAME.part} in {@code dir} when it is local, else in a local
     * staging directory named after {@code dir} (so an interrupted download resumes there), and each verified file
     * is then put under its name atomically.
     */
    public List<StoragePath> fetch(StoragePath dir) {
        createDirectory(dir);
        Path work = dir.isLocal() ? dir.localPath() : stagingDirectory(dir);
        List<StoragePath> out = new ArrayList<>();
        for (String name : DatasetSpec.FILES) {
            out.add(fetchFile(dir, work, name));
        }
        return out;
    }

    private StoragePath fetchFile(StoragePath dir, Path work, String name) {
        StoragePath target = dir.resolve(name);
        String expected = spec.sha256().get(name);
        if (target.isFile() && Sha256.of(target).equals(expected)) {
            log.println(name + ": already present and verified");
            return target;
        }
        Path part = work.resolve(name + ".part");
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
                target.moveFrom(part);
                log.println(name + ": verified SHA-256 " + actual);
                return target;
            }
            failures.add(url + ": SHA-256 " + actual + " does not match the official " + expected);
            delete(part);
        }
        throw new InvalidInputException(target + ": download failed from every mirror: "
                + String.join("; ", failures));
    }

    /**
     * Validates the data set in {@code from} and copies its files into {@code dir} (each a local path or a Hadoop
     * URI), each file atomically; returns the copied paths.
     */
    public List<StoragePath> copyFrom(StoragePath from, StoragePath dir) {
        if (!from.isDirectory()) {
            throw new InvalidInputException(from + ": --from directory not found");
        }
        List<StoragePath> sources = new ArrayList<>();
        for (Split split : new Split[]{Split.TRAIN, Split.TEST}) {
            SourceDigits.load(from, split);
            sources.add(SplitFiles.require(from, split, "images", 3));
            sources.add(SplitFiles.require(from, split, "labels", 1));
        }
        for (StoragePath src : sources) {
            checkOfficial(src);
        }
        createDirectory(dir);
        List<StoragePath> out = new ArrayList<>();
        for (StoragePath src : sources) {
            StoragePath target = dir.resolve(src.fileName());
            target.writeAtomically(o -> {
                try (InputStream in = src.openInput()) {
                    in.transferTo(o);
                }
            });
            log.println(target.fileName() + ": copied from " + src);
            out.add(target);
        }
        return out;
    }

    /** A gzip file with the full official record count must be the official file. */
    private void checkOfficial(StoragePath file) {
        String name = file.fileName();
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

    private static void createDirectory(StoragePath dir) {
        try {
            dir.createDirectories();
        } catch (UncheckedIOException e) {
            throw new InvalidInputException(dir + ": cannot create --dir directory (" + e.getMessage() + ")", e);
        }
    }

    /** A local directory for the downloads into a remote {@code dir}, the same one every time for that dir. */
    private static Path stagingDirectory(StoragePath dir) {
        String key = HexFormat.of().formatHex(Sha256.newDigest().digest(dir.toString().getBytes(
                StandardCharsets.UTF_8))).substring(0, 16);
        Path work = Path.of(System.getProperty("java.io.tmpdir"), "capsnet-fetch-" + key);
        try {
            return Files.createDirectories(work);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the staging directory " + work + ": " + e.getMessage(), e);
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
