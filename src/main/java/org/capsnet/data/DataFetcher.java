package org.capsnet.data;

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
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;
import org.capsnet.InvalidInputException;
import org.capsnet.io.StoragePath;

/**
 * Puts the four standard files of a data set into a directory, never leaving a partial or unverified file under a
 * final name. A file is the official one when its SHA-256 is the official archive's or, decompressed, the official
 * IDX file's (so a recompressed or uncompressed copy of the real data is accepted). {@link #fetch} downloads from
 * the spec's mirrors in order (next mirror on 404, network failure or checksum mismatch) into {@code NAME.part},
 * verifies it, then renames. {@link #copyFrom} validates a local directory (standard or common alternative names,
 * gzip or not; IDX structure, image size, counts, labels; the checksum too for a file with the full official record
 * count, so subsets such as the MNIST sample are accepted) and writes each file atomically under its standard gzip
 * name. Both directories may be local paths or Hadoop FileSystem URIs.
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
        if (target.isFile() && whyNotOfficial(target, name).isEmpty()) {
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
                failures.add(
                        e instanceof Downloader.HttpStatusException
                                ? e.getMessage()
                                : url + ": " + Downloader.describe(e));
                continue;
            }
            Optional<String> problem = whyNotOfficial(StoragePath.local(part), name);
            if (problem.isEmpty()) {
                target.moveFrom(part);
                log.println(name + ": verified SHA-256 (official " + spec.name() + ")");
                return target;
            }
            failures.add(url + ": " + problem.get());
            delete(part);
        }
        throw new InvalidInputException(target + ": download failed from every mirror: " + String.join("; ", failures));
    }

    /**
     * Empty if {@code file} is the official {@code name}: its bytes are the official archive's, or its content
     * (decompressed if gzip) is the official IDX file's; else why not.
     */
    private Optional<String> whyNotOfficial(StoragePath file, String name) {
        if (Sha256.of(file).equals(spec.gzipSha256().get(name))) {
            return Optional.empty();
        }
        String expected = spec.idxSha256().get(name);
        String actual;
        try {
            actual = Sha256.ofContent(file);
        } catch (InvalidInputException e) {
            return Optional.of("does not match the official file: " + e.getMessage());
        }
        return actual.equals(expected)
                ? Optional.empty()
                : Optional.of("SHA-256 of the content " + actual + " does not match the official " + expected);
    }

    /**
     * Validates the data set in {@code from} and writes its files into {@code dir} (each a local path or a Hadoop
     * URI) under their standard gzip names, each file atomically (a gzip file is copied as it is, an uncompressed
     * one compressed); returns the written paths. Nothing is written unless all four files are valid, and nothing
     * at all when {@code dir} is {@code from} (the copy would rewrite its own input).
     */
    public List<StoragePath> copyFrom(StoragePath from, StoragePath dir) {
        if (!from.isDirectory()) {
            throw new InvalidInputException(from + ": --from directory not found");
        }
        if (dir.sameFileAs(from)) {
            throw new InvalidInputException("--dir " + dir + " is the same directory as --from " + from
                    + ": the copy would rewrite its own input files; give another --dir");
        }
        Map<String, StoragePath> sources = new LinkedHashMap<>();
        for (Split split : new Split[] {Split.TRAIN, Split.TEST}) {
            String imagesName = SplitFiles.name(split, "images", 3);
            String labelsName = SplitFiles.name(split, "labels", 1);
            StoragePath imagesFile = locate(from, imagesName);
            StoragePath labelsFile = locate(from, labelsName);
            IdxArray images = IdxReader.read(imagesFile);
            checkImages(imagesFile, images);
            checkOfficial(imagesFile, imagesName, images);
            IdxArray labels = IdxReader.read(labelsFile);
            labels.header().requireRank(labelsFile, 1).requireCountOf(labelsFile, images.header(), imagesFile);
            DatasetLoader.checkLabels(labelsFile, labels);
            checkOfficial(labelsFile, labelsName, labels);
            sources.put(imagesName, imagesFile);
            sources.put(labelsName, labelsFile);
        }
        createDirectory(dir);
        List<StoragePath> out = new ArrayList<>();
        sources.forEach((name, src) -> {
            StoragePath target = dir.resolve(name);
            boolean gzip = IdxReader.isGzip(src);
            target.writeAtomically(o -> {
                try (InputStream in = src.openInput()) {
                    if (gzip) {
                        in.transferTo(o);
                    } else {
                        try (GZIPOutputStream gz = new GZIPOutputStream(o, 1 << 16)) { // the stream is close-shielded
                            in.transferTo(gz);
                        }
                    }
                }
            });
            log.println(name + ": " + (gzip ? "copied" : "compressed") + " from " + src);
            out.add(target);
        });
        return out;
    }

    /**
     * The file in {@code dir} for the standard name {@code gzName} (e.g. train-images-idx3-ubyte.gz): that name, the
     * name without .gz, or the common alternative with a dot before idx (train-images.idx3-ubyte[.gz]).
     */
    static StoragePath locate(StoragePath dir, String gzName) {
        String raw = SplitFiles.stripGz(gzName);
        String alternative = raw.replaceFirst("-idx", ".idx");
        for (String candidate : List.of(gzName, raw, alternative + ".gz", alternative)) {
            StoragePath p = dir.resolve(candidate);
            if (p.isFile()) {
                return p;
            }
        }
        throw new InvalidInputException(dir.resolve(gzName) + ": file not found (nor " + raw + ", " + alternative
                + " or " + alternative + ".gz)");
    }

    /** Images of this data set: rank 3, unsigned bytes, the spec's height and width. */
    private void checkImages(StoragePath file, IdxArray images) {
        IdxHeader h = images.header().requireRank(file, 3);
        if (h.type() != IdxType.UBYTE) {
            throw new InvalidInputException(file + ": images must be unsigned bytes, header is " + h);
        }
        int[] d = h.dims();
        if (d[1] != spec.imageHeight() || d[2] != spec.imageWidth()) {
            throw new InvalidInputException(file + ": images are " + d[1] + "x" + d[2] + ", " + spec.name()
                    + " images are " + spec.imageHeight() + "x" + spec.imageWidth());
        }
    }

    /** A file with the full official record count must hold the official IDX bytes. */
    private void checkOfficial(StoragePath file, String name, IdxArray content) {
        Integer fullCount = spec.counts().get(name);
        if (fullCount == null || content.count() != fullCount) {
            return;
        }
        String expected = spec.idxSha256().get(name);
        String actual = Sha256.ofIdx(content);
        if (!actual.equals(expected)) {
            throw new InvalidInputException(file + ": has the full " + fullCount + " records of " + spec.name()
                    + " but the SHA-256 of its content " + actual + " is not the official " + expected);
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
        String key = HexFormat.of()
                .formatHex(Sha256.newDigest().digest(dir.toString().getBytes(StandardCharsets.UTF_8)))
                .substring(0, 16);
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
