package org.capsnet.cli;

import static org.capsnet.cli.TrainEvaluateCommandTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.capsnet.data.TestData;
import org.capsnet.model.baseline.BaselineCnnConfig;
import org.capsnet.train.ModelFiles;
import org.capsnet.train.ModelProvenance;
import org.capsnet.train.TrainingConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Bad input on the command line ends with exit code 2 and one line naming what is wrong, before any long work;
 * a bug ends with exit code 1 and one line; --verbose adds the stack trace of either (issue 16).
 */
class BadInputCommandTest {
    @TempDir
    static Path dir;

    static Path data;
    static Path baseline;

    @BeforeAll
    static void dataAndABaselineModel() {
        data = dir.resolve("mnist");
        TestData.mnistSubset(data, 20, 10);
        BaselineCnnConfig arch = BaselineCnnConfig.builder()
                .inputSize(28)
                .conv1(4, 9)
                .conv2(4, 5)
                .hiddenUnits(8)
                .build();
        baseline = dir.resolve("baseline.zip");
        ModelFiles.save(
                arch.create(new Adam(1e-3), 1, DataType.FLOAT),
                ModelProvenance.of(arch, TrainingConfig.builder().build(), data.toString(), Map.of(), "test"),
                baseline,
                false);
    }

    private static void assertOneLineExit2(TrainEvaluateCommandTest.Outcome o, String... parts) {
        assertEquals(2, o.code(), o.err());
        assertEquals(1, o.err().strip().lines().count(), o.err());
        for (String part : parts) {
            assertTrue(o.err().contains(part), "'" + part + "' missing in: " + o.err());
        }
    }

    @Test
    void trainRefusesTestImagesOfAnotherSizeThanTheTrainingImagesBeforeTraining() {
        Path mixed = dir.resolve("mixed");
        TestData.writeTinySplit(mixed, org.capsnet.data.Split.TRAIN, 30, 20, 20);
        TestData.writeTinySplit(mixed, org.capsnet.data.Split.TEST, 10, 28, 28);
        var o = run(
                "train",
                "--master",
                "none",
                "--data",
                mixed.toString(),
                "--model-out",
                dir.resolve("mixed.zip").toString());
        assertOneLineExit2(o, "--data", "20x20", "28x28");
        assertFalse(Files.exists(dir.resolve("mixed.zip")));
    }

    @Test
    void benchmarkStepCountsMustBeCounts() {
        assertOneLineExit2(run("benchmark", "--warmup", "-1"), "--warmup >= 0");
        assertOneLineExit2(run("benchmark", "--iterations", "0"), "--iterations must be >= 1");
    }

    @Test
    void emSizesAreFourPositiveNumbersAndOnlyForEmCapsnet() {
        assertOneLineExit2(run("benchmark", "--em-sizes", "64,8,16,16"), "--em-sizes", "em-capsnet");
        assertOneLineExit2(
                run("benchmark", "--architecture", "em-capsnet", "--em-sizes", "64,8,16"), "--em-sizes", "'64,8,16'");
        assertOneLineExit2(
                run("benchmark", "--architecture", "em-capsnet", "--em-sizes", "64,0,16,16"),
                "--em-sizes",
                "'64,0,16,16'");
        assertOneLineExit2(
                run("train", "--architecture", "em-capsnet", "--em-sizes", "a,b,c,d", "--data", data.toString()),
                "--em-sizes",
                "'a,b,c,d'");
    }

    @Test
    void evaluateRefusesDataOfAnotherSizeThanTheModelTakes() {
        Path big = dir.resolve("big");
        TestData.writeTinySplit(big, org.capsnet.data.Split.TEST, 10, 36, 36);
        var o = run("evaluate", "--model", baseline.toString(), "--data", big.toString());
        assertOneLineExit2(o, "--data", "36x36", "28x28");
    }

    @Test
    void trainRefusesAModelOutThatIsADirectoryBeforeTraining() throws IOException {
        Path existing = Files.createDirectories(dir.resolve("models"));
        var o = run(
                "train",
                "--master",
                "none",
                "--data",
                data.toString(),
                "--epochs",
                "1",
                "--batch-size",
                "10",
                "--model-out",
                existing.toString());
        assertOneLineExit2(o, existing + ": is a directory");
        assertFalse(o.out().contains("trained"), o.out());
    }

    @Test
    void aModelOutUriWithAMalformedPortIsExit2NamingIt() {
        var o = run("train", "--master", "none", "--data", data.toString(), "--model-out", "hdfs://nn:bad/x.zip");
        assertOneLineExit2(o, "hdfs://nn:bad/x.zip: not a valid URI (port 'bad'");
    }

    @Test
    void multimnistRefusesAShiftThatMovesDigitsOutOfTheCanvas() {
        var o = run(
                "data",
                "multimnist",
                "--source",
                data.toString(),
                "--out",
                dir.resolve("mm").toString(),
                "--shift",
                "9",
                "--pairs-per-digit",
                "1");
        assertOneLineExit2(o, "--shift must be in 0..8, got 9", "36x36 canvas");
        assertFalse(Files.exists(dir.resolve("mm")));
    }

    @Test
    void multimnistRefusesToWriteOverItsSource() throws IOException {
        byte[] before = Files.readAllBytes(data.resolve("train-images-idx3-ubyte.gz"));
        var o = run(
                "data",
                "multimnist",
                "--source",
                data.toString(),
                "--out",
                data.resolve(".").toString(),
                "--pairs-per-digit",
                "1");
        assertOneLineExit2(o, "is the same directory as --source");
        assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(data.resolve("train-images-idx3-ubyte.gz"))));
    }

    @Test
    void reconstructOfABaselineCnnSaysItHasNoDecoderBecauseItIsOne() {
        var o = run(
                "reconstruct",
                "--model",
                baseline.toString(),
                "--data",
                data.toString(),
                "--out",
                dir.resolve("r.png").toString());
        assertOneLineExit2(o, "has no decoder because it is a baseline-cnn");
        assertFalse(o.err().contains("--no-reconstruction"), o.err());
        var e = run(
                "evaluate",
                "--model",
                baseline.toString(),
                "--data",
                data.toString(),
                "--reconstructions-out",
                dir.resolve("e.png").toString());
        assertOneLineExit2(e, "has no decoder because it is a baseline-cnn");
    }

    @Test
    void aPictureOverTheModelItDrawsIsRefused() throws IOException {
        byte[] before = Files.readAllBytes(baseline);
        var o = run(
                "reconstruct", "--model", baseline.toString(), "--data", data.toString(), "--out", baseline.toString());
        assertOneLineExit2(o, "--out " + baseline + " is the same file as --model");
        assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(baseline)));
    }

    @Test
    void aDirectoryWhereAnIdxFileBelongsOrANonIdxMagicSaysSo() throws IOException {
        Path withDirectory = dir.resolve("with-directory");
        TestData.mnistSubset(withDirectory, 20, 10);
        Path images = withDirectory.resolve("train-images-idx3-ubyte.gz");
        Files.delete(images);
        Files.createDirectories(images);
        var o = run(
                "train",
                "--master",
                "none",
                "--data",
                withDirectory.toString(),
                "--model-out",
                dir.resolve("m1.zip").toString());
        assertOneLineExit2(o, images + ": is a directory, not an IDX file");

        Path badMagic = dir.resolve("bad-magic");
        TestData.mnistSubset(badMagic, 20, 10);
        Path labels = badMagic.resolve("train-labels-idx1-ubyte.gz");
        Files.delete(labels);
        Files.write(badMagic.resolve("train-labels-idx1-ubyte"), new byte[] {0, 0, 0x09, (byte) 0x99, -1, -1, -1, -1});
        var m = run(
                "train",
                "--master",
                "none",
                "--data",
                badMagic.toString(),
                "--model-out",
                dir.resolve("m2.zip").toString());
        assertOneLineExit2(m, "magic number 0x00000999 is not an IDX magic number");
    }

    @Test
    void verbosePrintsTheStackTraceOfBadInputAfterItsLine() {
        var quiet = run(
                "data",
                "multimnist",
                "--source",
                dir.resolve("nope").toString(),
                "--out",
                dir.resolve("mm2").toString());
        assertOneLineExit2(quiet, "--source directory not found");
        var verbose = run(
                "data",
                "multimnist",
                "--source",
                dir.resolve("nope").toString(),
                "--out",
                dir.resolve("mm2").toString(),
                "--verbose");
        assertEquals(2, verbose.code());
        assertTrue(
                verbose.err().startsWith("capsnet: ")
                        && verbose.err().contains("InvalidInputException")
                        && verbose.err().contains("\tat org.capsnet."),
                verbose.err());
    }

    @Command(name = "boom")
    static final class Boom implements Callable<Integer> {
        @Override
        public Integer call() {
            throw new IllegalStateException("a bug");
        }
    }

    private static String[] runWithABug(String... args) {
        CommandLine cli = CapsNetMain.commandLine(ConfigFileDefaults.none());
        cli.addSubcommand("boom", new Boom());
        StringWriter err = new StringWriter();
        cli.setErr(new PrintWriter(err, true));
        int code = cli.execute(args);
        return new String[] {String.valueOf(code), err.toString()};
    }

    @Test
    void aBugIsExit1WithOneLineAndItsStackTraceOnlyWithVerbose() {
        String[] quiet = runWithABug("boom");
        assertEquals("1", quiet[0]);
        assertEquals("capsnet: internal error: a bug (--verbose prints the stack trace)", quiet[1].strip());
        for (String[] verbose : new String[][] {runWithABug("boom", "--verbose"), runWithABug("--verbose", "boom")}) {
            assertEquals("1", verbose[0]);
            assertTrue(
                    verbose[1].startsWith("capsnet: internal error: a bug\n")
                            && verbose[1].contains("java.lang.IllegalStateException: a bug"),
                    verbose[1]);
        }
    }
}
