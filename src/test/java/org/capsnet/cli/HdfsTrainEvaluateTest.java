package org.capsnet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.PrivilegedExceptionAction;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.permission.FsPermission;
import org.apache.hadoop.security.UserGroupInformation;
import org.capsnet.data.DatasetLoader;
import org.capsnet.data.LabelledImages;
import org.capsnet.data.Split;
import org.capsnet.data.TestData;
import org.capsnet.io.MiniHdfs;
import org.capsnet.io.StoragePath;
import org.capsnet.train.ModelFiles;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The command line with every path on HDFS (an in-process MiniDFSCluster): train reads the data from HDFS and
 * writes checkpoints, metrics and the model there, a second run resumes from the HDFS checkpoint, evaluate reads the
 * model back; a bad URI, a missing path and a permission error are exit 2 with one line naming the path.
 */
@Tag("integration")
class HdfsTrainEvaluateTest {
    static MiniHdfs hdfs;
    static String data;

    @BeforeAll
    static void dataOnHdfs() {
        hdfs = MiniHdfs.shared();
        data = hdfs.uri("/data/mnist");
        TestData.mnistSubset(StoragePath.of(data), 100, 50);
    }

    private static TrainEvaluateCommandTest.Outcome run(String... args) {
        return TrainEvaluateCommandTest.run(args);
    }

    private static String read(String uri) throws IOException {
        try (InputStream in = StoragePath.of(uri).openInput()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static double number(String jsonLine, String key) {
        Matcher m = Pattern.compile("\"" + key + "\"\\s*:\\s*([0-9.eE+-]+)").matcher(jsonLine);
        assertTrue(m.find(), key + " in " + jsonLine);
        return Double.parseDouble(m.group(1));
    }

    @Test
    void trainResumesFromAnHdfsCheckpointAndEvaluateReadsTheModelFromHdfs() throws IOException {
        String run = hdfs.uri("/runs/one");
        String[] common = {
            "train",
            "--master",
            "none",
            "--data",
            data,
            "--batch-size",
            "50",
            "--shift",
            "0",
            "--checkpoint-dir",
            run + "/ckpt",
            "--model-out",
            run + "/model.zip",
            "--metrics-out",
            run + "/metrics.jsonl"
        };
        TrainEvaluateCommandTest.Outcome first = run(concat(common, "--epochs", "1"));
        assertEquals(0, first.code(), first.err());
        assertEquals(
                List.of(run + "/ckpt/checkpoint-epoch-0001.zip"),
                StoragePath.of(run + "/ckpt").list().stream()
                        .map(StoragePath::toString)
                        .toList());

        TrainEvaluateCommandTest.Outcome second = run(concat(common, "--epochs", "2", "--resume"));
        assertEquals(0, second.code(), second.err());
        assertEquals(
                List.of("checkpoint-epoch-0001.zip", "checkpoint-epoch-0002.zip"),
                StoragePath.of(run + "/ckpt").list().stream()
                        .map(StoragePath::fileName)
                        .toList());
        assertEquals(
                List.of("ckpt", "metrics.jsonl", "model-curves.png", "model.zip"),
                StoragePath.of(run).list().stream().map(StoragePath::fileName).toList(),
                "no temporary files left");
        assertEquals(
                2,
                ModelFiles.load(StoragePath.of(run + "/model.zip"), false)
                        .provenance()
                        .epochsCompleted());

        // Resumed, not restarted: the second run appended epoch 2 only.
        // (The epoch records; each epoch's round records come before its epoch record.)
        List<String> metrics = read(run + "/metrics.jsonl")
                .lines()
                .filter(l -> !l.contains("\"round\""))
                .toList();
        assertEquals(2, metrics.size(), metrics.toString());
        assertEquals(1, number(metrics.get(0), "epoch"));
        assertEquals(2, number(metrics.get(1), "epoch"));

        TrainEvaluateCommandTest.Outcome eval =
                run("evaluate", "--model", run + "/model.zip", "--data", data, "--json");
        assertEquals(0, eval.code(), eval.err());
        String json = eval.lastLine(eval.out());
        assertEquals(50, number(json, "examples"));
        // The same model on the same 50 digits (a different inference batch may flip a borderline digit).
        assertEquals(number(metrics.get(1), "test_accuracy"), number(json, "accuracy"), 0.021, json);
    }

    @Test
    void dataFetchAndMultiMnistReadAndWriteHdfs() {
        String copy = hdfs.uri("/data/copy");
        TrainEvaluateCommandTest.Outcome fetch =
                run("data", "fetch", "--dataset", "mnist", "--from", data, "--dir", copy);
        assertEquals(0, fetch.code(), fetch.err());
        assertEquals(100, DatasetLoader.load(StoragePath.of(copy), Split.TRAIN).size());

        String multi = hdfs.uri("/data/multi");
        TrainEvaluateCommandTest.Outcome generate =
                run("data", "multimnist", "--source", copy, "--out", multi, "--pairs-per-digit", "2");
        assertEquals(0, generate.code(), generate.err());
        assertTrue(generate.out().contains("total: 300 pairs written to " + multi), generate.out());
        LabelledImages pairs = DatasetLoader.load(StoragePath.of(multi), Split.TEST);
        assertEquals(100, pairs.size());
        assertEquals(36, pairs.height());
        assertEquals(
                List.of(
                        "t10k-images-idx3-ubyte.gz",
                        "t10k-labels-idx2-ubyte.gz",
                        "t10k-sources-idx4-ubyte.gz",
                        "train-images-idx3-ubyte.gz",
                        "train-labels-idx2-ubyte.gz",
                        "train-sources-idx4-ubyte.gz"),
                StoragePath.of(multi).list().stream().map(StoragePath::fileName).toList());
    }

    @Test
    void anUnknownSchemeIsExit2WithOneLineNamingThePath() {
        TrainEvaluateCommandTest.Outcome o = run("train", "--master", "none", "--data", "nosuchfs://host/mnist");
        assertOneLineExit2(o, "nosuchfs://host/mnist");
    }

    @Test
    void anUnknownHostIsExit2WithOneLineNamingThePath() {
        String model = "hdfs://no-such-namenode.invalid:8020/m.zip";
        assertOneLineExit2(run("evaluate", "--model", model, "--data", data), model);
    }

    @Test
    void aMissingDataDirectoryOrModelIsExit2WithOneLineNamingThePath() {
        String missing = hdfs.uri("/no/such/dir");
        assertOneLineExit2(run("train", "--master", "none", "--data", missing), missing);
        String model = hdfs.uri("/no/such/model.zip");
        assertOneLineExit2(run("evaluate", "--model", model, "--data", data), model);
    }

    @Test
    void aPermissionErrorIsExit2WithOneLineNamingThePath() throws Exception {
        FileSystem superuser = hdfs.fileSystem();
        org.apache.hadoop.fs.Path locked = new org.apache.hadoop.fs.Path("/private");
        superuser.mkdirs(locked);
        superuser.setPermission(locked, new FsPermission((short) 0700));
        String model = hdfs.uri("/private/model.zip");
        StoragePath.of(model).writeAtomically(out -> out.write(1));

        UserGroupInformation mallory = UserGroupInformation.createUserForTesting("mallory", new String[] {"users"});
        TrainEvaluateCommandTest.Outcome eval =
                mallory.doAs((PrivilegedExceptionAction<TrainEvaluateCommandTest.Outcome>)
                        () -> run("evaluate", "--model", model, "--data", data));
        assertOneLineExit2(eval, model);
        assertTrue(eval.err().contains("permission denied"), eval.err());

        String out = hdfs.uri("/private/out/model.zip");
        TrainEvaluateCommandTest.Outcome train =
                mallory.doAs((PrivilegedExceptionAction<TrainEvaluateCommandTest.Outcome>)
                        () -> run("train", "--master", "none", "--data", data, "--model-out", out));
        assertOneLineExit2(train, out);
        assertTrue(train.err().contains("permission denied"), train.err());
    }

    private static void assertOneLineExit2(TrainEvaluateCommandTest.Outcome o, String path) {
        assertEquals(2, o.code(), o.err());
        List<String> lines =
                o.err().lines().filter(l -> l.startsWith("capsnet:")).toList();
        assertEquals(1, lines.size(), o.err());
        assertTrue(lines.get(0).contains(path), o.err());
    }

    private static String[] concat(String[] a, String... b) {
        String[] all = java.util.Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        return all;
    }
}
