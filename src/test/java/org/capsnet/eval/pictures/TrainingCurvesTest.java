package org.capsnet.eval.pictures;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.capsnet.InvalidInputException;
import org.capsnet.io.StoragePath;
import org.capsnet.train.TrainingCurvePoints;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainingCurvesTest {
    @TempDir
    Path dir;

    @Test
    void metricsFileGivesTheLastRunIncludingItsResumedEpochs() throws IOException {
        Path metrics = dir.resolve("m.jsonl");
        Files.writeString(
                metrics,
                String.join(
                                "\n",
                                "{\"epoch\":1,\"train_loss\":0.9,\"test_accuracy\":0.5}",
                                "{\"epoch\":2,\"train_loss\":0.8,\"test_accuracy\":0.6}",
                                "{\"epoch\":1,\"train_loss\":0.7,\"test_accuracy\":0.7}",
                                "{\"epoch\":2,\"train_loss\":0.5,\"test_accuracy\":0.8}",
                                "",
                                "{\"epoch\":3,\"train_loss\":0.4}")
                        + "\n");
        List<TrainingCurves.EpochPoint> points = TrainingCurvePoints.lastRun(StoragePath.local(metrics));
        assertEquals(
                List.of(
                        new TrainingCurves.EpochPoint(1, 0.7, 0.7),
                        new TrainingCurves.EpochPoint(2, 0.5, 0.8),
                        new TrainingCurves.EpochPoint(3, 0.4, Double.NaN)),
                points);
    }

    @Test
    void badMetricsLineIsBadInputNamingFileAndLine() throws IOException {
        Path metrics = dir.resolve("bad.jsonl");
        Files.writeString(metrics, "{\"epoch\":1,\"train_loss\":0.9}\nnot json\n");
        InvalidInputException e = assertThrows(
                InvalidInputException.class, () -> TrainingCurvePoints.lastRun(StoragePath.local(metrics)));
        assertTrue(e.getMessage().contains("bad.jsonl line 2"), e.getMessage());
    }

    @Test
    void curvesArePngOfTheChartSizeAndNotBlank() throws IOException {
        List<TrainingCurves.EpochPoint> points = List.of(
                new TrainingCurves.EpochPoint(1, 0.30, 0.91),
                new TrainingCurves.EpochPoint(2, 0.12, 0.96),
                new TrainingCurves.EpochPoint(3, 0.08, 0.97));
        Path png = dir.resolve("sub/curves.png");
        TrainingCurves.write(points, "test run", StoragePath.local(png));

        BufferedImage image = ImageIO.read(png.toFile());
        assertEquals(TrainingCurves.WIDTH, image.getWidth());
        assertEquals(TrainingCurves.HEIGHT, image.getHeight());
        Pictures.assertNotBlank(image);
        assertTrue(Pictures.colours(image) > 10);
        try (var files = Files.list(png.getParent())) {
            assertEquals(1, files.count(), "no temporary file is left beside the picture");
        }
    }
}
