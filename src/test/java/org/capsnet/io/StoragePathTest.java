package org.capsnet.io;

import org.apache.hadoop.conf.Configuration;
import org.capsnet.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Properties;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
        Files.write(staging, new byte[]{3});
        f.moveFrom(staging);
        assertEquals(List.of("model.zip"), names(tmp));
        assertEquals(1, f.size());
    }

    @Test
    void aWriteThatFailsHalfwayLeavesThePreviousFile() throws IOException {
        StoragePath f = StoragePath.local(tmp.resolve("metrics.jsonl"));
        f.writeAtomically(out -> out.write("old".getBytes(StandardCharsets.UTF_8)));
        assertThrows(UncheckedIOException.class, () -> f.writeAtomically(out -> {
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
        assertEquals("hdfs://namenode:8020/data/mnist/train.gz", dir.resolve("train.gz").toString());
        assertEquals("mnist", dir.fileName());
        assertEquals("hdfs://namenode:8020/data", dir.parent().toString());
        assertEquals("hdfs://namenode:8020/", StoragePath.of("hdfs://namenode:8020/x").parent().toString());
        assertEquals("webhdfs://gateway:9870/runs/model.zip",
                StoragePath.of("webhdfs://gateway:9870/runs").resolve("model.zip").toString());
    }

    @Test
    void anUnknownSchemeIsBadInputNamingThePath() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> StoragePath.of("nosuchfs://host/data"));
        assertTrue(e.getMessage().startsWith("nosuchfs://host/data: no Hadoop file system for scheme 'nosuchfs'"),
                e.getMessage());
    }

    @Test
    void s3aWithoutHadoopAwsSaysWhatIsMissing() {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> StoragePath.of("s3a://bucket/x"));
        assertTrue(e.getMessage().startsWith("s3a://bucket/x: no Hadoop file system for scheme 's3a'")
                && e.getMessage().contains("hadoop-aws"), e.getMessage());
    }

    @Test
    void aMalformedUriIsBadInputNamingThePath() {
        InvalidInputException e = assertThrows(InvalidInputException.class,
                () -> StoragePath.of("hdfs://namenode:8020/my data"));
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
    void hadoopSettingsComeFromSparkHadoopProperties() {
        Properties props = new Properties();
        props.setProperty("spark.hadoop.fs.s3a.endpoint", "http://minio:9000");
        props.setProperty("spark.executor.memory", "4g");
        Configuration conf = HadoopConf.build(props);
        assertEquals("http://minio:9000", conf.get("fs.s3a.endpoint"));
        assertEquals(null, conf.get("executor.memory"));
    }
}
