package org.capsnet.cli;

import static org.capsnet.cli.TrainEvaluateCommandTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import javax.imageio.ImageIO;
import org.capsnet.data.Split;
import org.capsnet.data.TestData;
import org.capsnet.eval.pictures.CapsuleManipulation;
import org.capsnet.eval.pictures.ImageGrid;
import org.capsnet.eval.pictures.Reconstructions;
import org.capsnet.eval.pictures.TwoDigitReconstructions;
import org.capsnet.model.CapsNetConfig;
import org.capsnet.model.CapsNetGraph;
import org.capsnet.train.ModelFiles;
import org.capsnet.train.ModelProvenance;
import org.capsnet.train.TrainingConfig;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;

/**
 * reconstruct and manipulate end to end on the command line: a small CapsNet (the paper's structure, few channels)
 * saved as a model zip, and 20 real MNIST test digits.
 */
class PictureCommandsTest {
    @TempDir
    static Path dir;

    static Path data;
    static Path model;
    static Path modelWithoutDecoder;

    @BeforeAll
    static void smallModelsAndData() {
        data = dir.resolve("mnist");
        TestData.mnistSubset(data, 10, 20);
        model = save(true, "model.zip");
        modelWithoutDecoder = save(false, "no-decoder.zip");
    }

    /** 28x28 input, conv1 8@9x9, PrimaryCaps 4 channels of 8D (144 capsules), 10 x 16D, decoder 32-64-784. */
    private static Path save(boolean decoder, String name) {
        return save(decoder, name, 28);
    }

    private static Path save(boolean decoder, String name, int inputSize) {
        return save(decoder, name, inputSize, 1);
    }

    private static Path save(boolean decoder, String name, int inputSize, int digitsPerImage) {
        CapsNetConfig arch = CapsNetConfig.builder()
                .inputSize(inputSize)
                .conv1Channels(8)
                .primaryCapsuleChannels(4)
                .digitsPerImage(digitsPerImage)
                .decoderHidden(decoder ? new int[] {32, 64} : new int[0])
                .build();
        TrainingConfig config = TrainingConfig.builder().build();
        Path file = dir.resolve(name);
        ModelFiles.save(
                CapsNetGraph.create(arch, new Adam(1e-3), 3, DataType.FLOAT),
                ModelProvenance.of(arch, config, data.toString(), Map.of(), "test"),
                file,
                false);
        return file;
    }

    /** Luminance check: the pixels vary and there are dark and bright ones. */
    static void assertNotBlank(BufferedImage image) {
        int dark = 0;
        int bright = 0;
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                int gray = image.getRGB(x, y) & 255;
                dark += gray < 64 ? 1 : 0;
                bright += gray > 192 ? 1 : 0;
            }
        }
        assertTrue(dark > 0 && bright > 0, "blank picture: " + dark + " dark, " + bright + " bright pixels");
    }

    @Test
    void reconstructWritesTwoRowsOfTheRequestedExamples() throws IOException {
        Path out = dir.resolve("pictures/recon.png");
        var o = run(
                "reconstruct",
                "--model",
                model.toString(),
                "--data",
                data.toString(),
                "--out",
                out.toString(),
                "--index",
                "3",
                "--count",
                "7");
        assertEquals(0, o.code(), o.err());
        BufferedImage image = ImageIO.read(out.toFile());
        int pitch = 28 * Reconstructions.SCALE + ImageGrid.GAP;
        assertEquals(ImageGrid.GAP + ImageGrid.ROW_LABEL_WIDTH + 7 * pitch, image.getWidth());
        assertEquals(
                ImageGrid.GAP + ImageGrid.COLUMN_LABEL_HEIGHT + ImageGrid.TITLE_HEIGHT + 2 * pitch, image.getHeight());
        assertNotBlank(image);
    }

    @Test
    void manipulateWritesSixteenRowsOfElevenTiles() throws IOException {
        Path out = dir.resolve("manip.png");
        var o = run(
                "manipulate",
                "--model",
                model.toString(),
                "--data",
                data.toString(),
                "--out",
                out.toString(),
                "--index",
                "19");
        assertEquals(0, o.code(), o.err());
        BufferedImage image = ImageIO.read(out.toFile());
        int pitch = 28 * CapsuleManipulation.SCALE + ImageGrid.GAP;
        assertEquals(ImageGrid.GAP + ImageGrid.ROW_LABEL_WIDTH + 11 * pitch, image.getWidth());
        assertEquals(
                ImageGrid.GAP + ImageGrid.COLUMN_LABEL_HEIGHT + ImageGrid.TITLE_HEIGHT + 16 * pitch, image.getHeight());
        assertNotBlank(image);
    }

    @Test
    void fileThatIsNotAModelIsExitCode2() throws IOException {
        Path junk = dir.resolve("junk.zip");
        Files.writeString(junk, "not a model");
        var o = run(
                "reconstruct",
                "--model",
                junk.toString(),
                "--data",
                data.toString(),
                "--out",
                dir.resolve("x.png").toString());
        assertEquals(2, o.code());
        assertTrue(o.err().contains("junk.zip"), o.err());
        assertFalse(Files.exists(dir.resolve("x.png")));
    }

    @Test
    void missingDataDirectoryIsExitCode2() {
        var o = run(
                "manipulate",
                "--model",
                model.toString(),
                "--data",
                dir.resolve("nope").toString(),
                "--out",
                dir.resolve("y.png").toString());
        assertEquals(2, o.code());
        assertTrue(o.err().contains("--data"), o.err());
    }

    @Test
    void outputWhoseDirectoryCannotBeCreatedIsExitCode2() throws IOException {
        Path file = dir.resolve("a-file");
        Files.writeString(file, "x");
        var o = run(
                "reconstruct",
                "--model",
                model.toString(),
                "--data",
                data.toString(),
                "--out",
                file.resolve("sub/out.png").toString());
        assertEquals(2, o.code());
        assertEquals(1, o.err().strip().lines().count(), o.err());
        assertTrue(o.err().contains("--out"), o.err());
    }

    @Test
    void modelWithoutDecoderIsExitCode2SayingSo() {
        var o = run(
                "manipulate",
                "--model",
                modelWithoutDecoder.toString(),
                "--data",
                data.toString(),
                "--out",
                dir.resolve("z.png").toString());
        assertEquals(2, o.code());
        assertTrue(o.err().contains("no decoder"), o.err());
    }

    @Test
    void examplesOutsideTheTestSplitAreExitCode2() {
        var o = run(
                "reconstruct",
                "--model",
                model.toString(),
                "--data",
                data.toString(),
                "--out",
                dir.resolve("w.png").toString(),
                "--index",
                "15",
                "--count",
                "10");
        assertEquals(2, o.code());
        assertTrue(o.err().contains("--index/--count") && o.err().contains("20 test examples"), o.err());
    }

    @Test
    void imagesOfAnotherSizeThanTheModelTakesAreExitCode2() throws IOException {
        Path small = Files.createDirectories(dir.resolve("small"));
        TestData.writeTinySplit(small, Split.TEST, 5, 10, 10);
        var o = run(
                "reconstruct",
                "--model",
                model.toString(),
                "--data",
                small.toString(),
                "--out",
                dir.resolve("v.png").toString());
        assertEquals(2, o.code());
        assertTrue(o.err().contains("10x10") && o.err().contains("28x28"), o.err());
    }

    @Test
    void evaluateDrawsReconstructionsOfTheFirstTestExamples() throws IOException {
        Path out = dir.resolve("eval/recon.png");
        var o = run(
                "evaluate",
                "--model",
                model.toString(),
                "--data",
                data.toString(),
                "--json",
                "--reconstructions-out",
                out.toString());
        assertEquals(0, o.code(), o.err());
        assertTrue(o.lastLine(o.out()).startsWith("{"), o.out());
        BufferedImage image = ImageIO.read(out.toFile());
        int pitch = 28 * Reconstructions.SCALE + ImageGrid.GAP;
        assertEquals(ImageGrid.GAP + ImageGrid.ROW_LABEL_WIDTH + 10 * pitch, image.getWidth());
        assertEquals(
                ImageGrid.GAP + ImageGrid.COLUMN_LABEL_HEIGHT + ImageGrid.TITLE_HEIGHT + 2 * pitch, image.getHeight());
        assertNotBlank(image);
    }

    @Test
    void evaluateOnMultiMnistDrawsBothPredictedDigits() throws IOException {
        Path multi = dir.resolve("multimnist");
        var made = run(
                "data", "multimnist", "--source", data.toString(), "--out", multi.toString(), "--pairs-per-digit", "1");
        assertEquals(0, made.code(), made.err());
        Path model36 = save(true, "model36.zip", 36, 2); // the two-digit CapsNet: decoder run once per digit
        Path out = dir.resolve("multi.png");
        var o = run(
                "evaluate",
                "--model",
                model36.toString(),
                "--data",
                multi.toString(),
                "--reconstructions-out",
                out.toString());
        assertEquals(0, o.code(), o.err());
        BufferedImage image = ImageIO.read(out.toFile());
        int pitch = 36 * TwoDigitReconstructions.SCALE + ImageGrid.GAP;
        assertEquals(ImageGrid.GAP + ImageGrid.ROW_LABEL_WIDTH + 10 * pitch, image.getWidth());
        assertEquals(
                ImageGrid.GAP + ImageGrid.COLUMN_LABEL_HEIGHT + ImageGrid.TITLE_HEIGHT + 3 * pitch, image.getHeight());
        assertNotBlank(image);
    }

    @Test
    void evaluateReconstructionsOfAModelWithoutDecoderIsExitCode2() {
        var o = run(
                "evaluate",
                "--model",
                modelWithoutDecoder.toString(),
                "--data",
                data.toString(),
                "--reconstructions-out",
                dir.resolve("u.png").toString());
        assertEquals(2, o.code());
        assertTrue(o.err().contains("no decoder"), o.err());
    }
}
