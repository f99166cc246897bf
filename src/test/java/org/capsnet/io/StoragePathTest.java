package org.capsnet.io;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.hadoop.conf.Configuration;
import org.capsnet.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link StoragePath} on the local disk, and the parsing of URIs (no file system contacted). */
class StoragePathTest {
    @TempDir
    Path tmp;

    private static String read(StoragePath p) throws IOException {
        try (InputStream in = p.openInput()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aFileUriAndAPlainPathNameTheSameLocalFile() throws IOException {
        Path file = tmp.resolve("d/x.txt");
        StoragePath viaUri = StoragePath.of(file.toUri().toString());
        viaUri.writeAtomically(out -> out.write("hello".getBytes(StandardCharsets.UTF_8)));
        StoragePath plain = StoragePath.of(file.toString());
        assertTrue(viaUri.isLocal() && plain.isLocal());
        assertEquals("hello", read(plain));
        assertEquals(file, viaUri.localPath());
        assertEquals(file.toUri(), plain.uri());
        assertEquals(List.of(viaUri.parent().resolve("x.txt")), viaUri.parent().list());
        assertTrue(viaUri.parent().toString().startsWith("file:"), "a file: URI stays one");
    }

    @Test
    void writesLeaveNoChecksumOrTemporaryFilesBeside() throws IOException {
        StoragePath f = StoragePath.local(tmp.resolve("model.zip"));
        f.writeAtomically(out -> out.write(1));
        f.writeAtomically(out -> out.write(2));
        Path staging = f.createStagingFile();
        Files.write(staging, new byte[] {3});
        f.moveFrom(staging);
        assertEquals(List.of("model.zip"), names(tmp));
        assertEquals(1, f.size());
    }

    @Test
    void aWriteThatFailsHalfwayLeavesThePreviousFile() throws IOException {
        StoragePath f = StoragePath.local(tmp.resolve("metrics.jsonl"));
        f.writeAtomically(out -> out.write("old".getBytes(StandardCharsets.UTF_8)));
        assertThrows(
                UncheckedIOException.class,
                () -> f.writeAtomically(out -> {
                    out.write("ne".getBytes(StandardCharsets.UTF_8));
                    throw new IOException("disk full");
                }));
        try (AtomicOutput out = f.openAtomically()) {
            out.stream().write("never committed".getBytes(StandardCharsets.UTF_8));
        }
        assertEquals("old", read(f));
        assertEquals(List.of("metrics.jsonl"), names(tmp));
    }

    @Test
    void uriPathsResolveAndNameWithoutContactingTheFileSystem() {
        StoragePath dir = StoragePath.of("hdfs://namenode:8020/data/mnist/");
        assertFalse(dir.isLocal());
        assertEquals(
                "hdfs://namenode:8020/data/mnist/train.gz",
                dir.resolve("train.gz").toString());
        assertEquals("mnist", dir.fileName());
        assertEquals("hdfs://namenode:8020/data", dir.parent().toString());
        assertEquals(
                "hdfs://namenode:8020/",
                StoragePath.of("hdfs://namenode:8020/x").parent().toString());
        assertEquals(
                "webhdfs://gateway:9870/runs/model.zip",
                StoragePath.of("webhdfs://gateway:9870/runs")
                        .resolve("model.zip")
                        .toString());
    }

    @Test
    void anUnknownSchemeIsBadInputNamingThePath() {
        InvalidInputException e =
                assertThrows(InvalidInputException.class, () -> StoragePath.of("nosuchfs://host/data"));
        assertTrue(
                e.getMessage().startsWith("nosuchfs://host/data: no Hadoop file system for scheme 'nosuchfs'"),
                e.getMessage());
    }

    @Test
    void s3aWithoutHadoopAwsSaysWhatIsMissing() {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> StoragePath.of("s3a://bucket/x"));
        assertTrue(
                e.getMessage().startsWith("s3a://bucket/x: no Hadoop file system for scheme 's3a'")
                        && e.getMessage().contains("hadoop-aws"),
                e.getMessage());
    }

    @Test
    void aMalformedUriIsBadInputNamingThePath() {
        InvalidInputException e =
                assertThrows(InvalidInputException.class, () -> StoragePath.of("hdfs://namenode:8020/my data"));
        assertTrue(e.getMessage().startsWith("hdfs://namenode:8020/my data: not a valid URI"), e.getMessage());
        assertThrows(InvalidInputException.class, () -> StoragePath.of("file://otherhost/data"));
    }

    @Test
    void aLocalNameWithAColonStaysLocal() {
        StoragePath p = StoragePath.local(Path.of("run:3"));
        assertTrue(p.isLocal());
        assertEquals("run:3", p.fileName());
    }

    @Test
    void aMissingLocalFileIsBadInputNamingIt() {
        StoragePath f = StoragePath.local(tmp.resolve("missing.gz"));
        InvalidInputException e = assertThrows(InvalidInputException.class, f::openInput);
        assertTrue(e.getMessage().startsWith(f + ": not found"), e.getMessage());
        assertThrows(InvalidInputException.class, f::localCopy);
    }

    @Test
    void aFileWhereADirectoryShouldBeIsBadInput() throws IOException {
        Files.writeString(tmp.resolve("plain"), "x");
        StoragePath f = StoragePath.local(tmp.resolve("plain/sub/model.zip"));
        InvalidInputException e = assertThrows(InvalidInputException.class, f::checkWritable);
        assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
    }

    @Test
    void anExistingDirectoryIsNotAWritableOutput() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("models"));
        StoragePath out = StoragePath.local(dir);
        InvalidInputException e = assertThrows(InvalidInputException.class, out::checkWritable);
        assertEquals(dir + ": is a directory; an output must be a file name", e.getMessage());
        InvalidInputException viaUri = assertThrows(
                InvalidInputException.class,
                () -> StoragePath.of(dir.toUri().toString()).checkWritable());
        assertTrue(viaUri.getMessage().startsWith(dir.toUri() + ": is a directory"), viaUri.getMessage());
        assertThrows(InvalidInputException.class, () -> out.writeAtomically(o -> o.write(1)));
        assertTrue(Files.isDirectory(dir));
    }

    @Test
    void anOutputThatIsAlsoAnInputIsRefused() throws IOException {
        Path model = tmp.resolve("model.zip");
        Files.writeString(model, "the model");
        StoragePath out = StoragePath.local(tmp.resolve("sub/../model.zip"));
        InvalidInputException e = assertThrows(
                InvalidInputException.class,
                () -> out.checkWritableApartFrom(
                        null, StoragePath.of(model.toUri().toString())));
        assertTrue(e.getMessage().startsWith(out + ": is also an input (" + model.toUri() + ")"), e.getMessage());
        assertEquals("the model", Files.readString(model));
        StoragePath.local(tmp.resolve("other.png")).checkWritableApartFrom(StoragePath.local(model));
        assertTrue(StoragePath.of("hdfs://nn:8020/a/b/../m.zip").sameFileAs(StoragePath.of("hdfs://nn:8020/a/m.zip")));
        assertFalse(StoragePath.of("hdfs://nn:8020/a/m.zip").sameFileAs(StoragePath.of("hdfs://nn2:8020/a/m.zip")));
    }

    @Test
    void aMalformedPortIsBadInputNamingTheUri() {
        for (String uri : List.of("hdfs://nn:bad/x.zip", "hdfs://nn:99999/x.zip", "webhdfs://user@gw:9x/x")) {
            InvalidInputException e = assertThrows(InvalidInputException.class, () -> StoragePath.of(uri));
            assertEquals(
                    uri + ": not a valid URI (port '" + uri.replaceAll(".*:([^/]*)/.*", "$1")
                            + "' is not a number from 0 to 65535)",
                    e.getMessage());
        }
        StoragePath.of("hdfs://[::1]:8020/x.zip");
    }

    @Test
    void anHdfsUriWithoutAHostIsBadInputNamingIt() {
        // fs.defaultFS is the local disk here, so hdfs:/// has no NameNode to go to (and a_b is no host name)
        for (String uri : List.of("hdfs:///models/x.zip", "hdfs://name_node:8020/x.zip")) {
            StoragePath p = StoragePath.of(uri);
            InvalidInputException e = assertThrows(InvalidInputException.class, p::checkWritable);
            assertTrue(e.getMessage().startsWith(uri + ": not a valid HDFS URI"), e.getMessage());
        }
    }

    private static String temporaryName(String target, String host, long pid) {
        return "." + target + ".capsnet-" + host + "-" + pid + "-k3x9.tmp";
    }

    private static Path temporary(Path dir, String name, Duration age) throws IOException {
        Path file = Files.writeString(dir.resolve(name), "half a model");
        Files.setLastModifiedTime(file, FileTime.from(Instant.now().minus(age)));
        return file;
    }

    private static long deadPid() throws Exception {
        Process p = new ProcessBuilder("true").start();
        p.waitFor();
        return p.pid();
    }

    @Test
    void aWriteDeletesTemporariesThatKilledWritesLeftAndKeepsThoseOfRunningWriters() throws Exception {
        String host = TempFiles.host();
        long dead = deadPid();
        long self = ProcessHandle.current().pid();
        Path killed = temporary(tmp, temporaryName("checkpoint-2.zip", host, dead), Duration.ofMinutes(5));
        Path dayOld = temporary(tmp, temporaryName("model.zip", "other-host", 8), Duration.ofHours(25));
        Path running = temporary(tmp, temporaryName("model.zip", host, self), Duration.ofHours(2));
        Path justKilled = temporary(tmp, temporaryName("model.zip", host, dead), Duration.ZERO);
        Path otherHost = temporary(tmp, temporaryName("model.zip", "other-host", 7), Duration.ofHours(3));
        Path notOurs = temporary(tmp, ".model.zip123456.tmp", Duration.ofDays(30));

        StoragePath.local(tmp.resolve("metrics.jsonl")).writeAtomically(out -> out.write('{'));

        assertFalse(Files.exists(killed), "its writer is gone");
        assertFalse(Files.exists(dayOld), "untouched for a day");
        for (Path kept : List.of(running, justKilled, otherHost, notOurs)) {
            assertTrue(Files.exists(kept), kept + " was deleted");
        }
    }

    @Test
    void temporaryNamesAreHiddenAndRecognised() {
        String name = TempFiles.name("model.zip");
        assertTrue(name.startsWith(".model.zip.capsnet-") && name.endsWith(".tmp"), name);
        assertTrue(TempFiles.isOurs(name));
        assertFalse(TempFiles.isStale(name, Instant.now().minus(Duration.ofHours(23)), Instant.now()));
        assertTrue(TempFiles.isStale(name, Instant.now().minus(Duration.ofHours(24)), Instant.now()));
        assertFalse(TempFiles.isOurs(".model.zip.tmp"));
    }

    @Test
    void hadoopSettingsComeFromSparkHadoopProperties() {
        Properties props = new Properties();
        props.setProperty("spark.hadoop.fs.s3a.endpoint", "http://minio:9000");
        props.setProperty("spark.executor.memory", "4g");
        Configuration conf = HadoopConf.build(props);
        assertEquals("http://minio:9000", conf.get("fs.s3a.endpoint"));
        assertEquals(null, conf.get("executor.memory"));
    }
}
