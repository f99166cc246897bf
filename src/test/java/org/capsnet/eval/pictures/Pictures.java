package org.capsnet.eval.pictures;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.util.Map;
import org.capsnet.data.LabelledImages;
import org.capsnet.model.CapsNetConfig;
import org.capsnet.model.CapsNetGraph;
import org.capsnet.model.TinyCapsNets;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.learning.config.Adam;

/** Fixtures and checks for picture tests: tiny networks, tiny data, and "is this picture blank?". */
final class Pictures {
    private Pictures() {}

    /** The tiny 10x10 CapsNet with 10 classes of {@code capsuleDim}-D capsules, randomly initialised. */
    static CapsNetConfig tinyArch(int capsuleDim, boolean decoder) {
        return TinyCapsNets.tiny(3, decoder).toBuilder()
                .numClasses(10)
                .digitCapsuleDim(capsuleDim)
                .build();
    }

    static ComputationGraph network(CapsNetConfig arch) {
        return CapsNetGraph.create(arch, new Adam(1e-3), 7, DataType.FLOAT);
    }

    /** {@code n} random 10x10 images in [0, 1] labelled i % 10. */
    static LabelledImages tinyData(CapsNetConfig arch, int n) {
        INDArray images = TinyCapsNets.images(11, n, arch, DataType.FLOAT);
        int[][] labels = new int[n][];
        for (int i = 0; i < n; i++) {
            labels[i] = new int[] {i % 10};
        }
        return new LabelledImages(images, arch.inputSize(), arch.inputSize(), labels, null, Map.of());
    }

    /** Luminance statistics of the rectangle [x0, x0+w) x [y0, y0+h): {min, max, variance}, 0..255. */
    static double[] luminance(BufferedImage image, int x0, int y0, int w, int h) {
        double min = 255;
        double max = 0;
        double sum = 0;
        double sumSq = 0;
        for (int y = y0; y < y0 + h; y++) {
            for (int x = x0; x < x0 + w; x++) {
                int rgb = image.getRGB(x, y);
                double l = 0.299 * ((rgb >> 16) & 255) + 0.587 * ((rgb >> 8) & 255) + 0.114 * (rgb & 255);
                min = Math.min(min, l);
                max = Math.max(max, l);
                sum += l;
                sumSq += l * l;
            }
        }
        double n = (double) w * h;
        return new double[] {min, max, sumSq / n - (sum / n) * (sum / n)};
    }

    /** Not blank: the pixels vary, and there are both dark (< 64) and bright (> 192) pixels. */
    static void assertNotBlank(BufferedImage image) {
        double[] stats = luminance(image, 0, 0, image.getWidth(), image.getHeight());
        assertTrue(
                stats[2] > 0 && stats[0] < 64 && stats[1] > 192,
                "blank picture: min " + stats[0] + " max " + stats[1] + " variance " + stats[2]);
    }

    /** Number of distinct RGB colours in the picture. */
    static int colours(BufferedImage image) {
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        for (int y = 0; y < image.getHeight(); y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                seen.add(image.getRGB(x, y));
            }
        }
        return seen.size();
    }
}
