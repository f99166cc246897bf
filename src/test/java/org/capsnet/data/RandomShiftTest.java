package org.capsnet.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class RandomShiftTest {
    private static final int H = 8;
    private static final int W = 7;

    private static float[][] randomImages(int b, long seed) {
        Random r = new Random(seed);
        float[][] img = new float[b][H * W];
        for (float[] row : img) {
            for (int p = 0; p < row.length; p++) {
                row[p] = r.nextFloat();
            }
        }
        return img;
    }

    private static float[] handShift(float[] img, int dx, int dy) {
        float[] out = new float[H * W];
        for (int y = 0; y < H; y++) {
            for (int x = 0; x < W; x++) {
                int sy = y - dy;
                int sx = x - dx;
                if (sy >= 0 && sy < H && sx >= 0 && sx < W) {
                    out[y * W + x] = img[sy * W + sx];
                }
            }
        }
        return out;
    }

    @Test
    void everyRowEqualsItsHandShiftedImage() {
        int b = 40;
        float[][] img = randomImages(b, 1);
        int[] dx = new int[b];
        int[] dy = new int[b];
        Random r = new Random(2);
        for (int i = 0; i < b; i++) {
            dx[i] = r.nextInt(5) - 2;
            dy[i] = r.nextInt(5) - 2;
        }
        INDArray out = new RandomShift(H, W, 2).apply(Nd4j.create(img), dx, dy);
        for (int i = 0; i < b; i++) {
            assertArrayEquals(
                    handShift(img[i], dx[i], dy[i]),
                    out.getRow(i).toFloatVector(),
                    0f,
                    "row " + i + " shift " + dx[i] + "," + dy[i]);
        }
    }

    @Test
    void pixelMassIsConservedWhenTheDigitIsAwayFromBorders() {
        float[][] img = new float[16][H * W];
        for (float[] row : img) {
            for (int y = 2; y < H - 2; y++) {
                for (int x = 2; x < W - 2; x++) {
                    row[y * W + x] = (y + x) / 10f;
                }
            }
        }
        INDArray in = Nd4j.create(img);
        INDArray out = new RandomShift(H, W, 2).apply(in, new Random(5));
        assertArrayEquals(in.sum(1).toFloatVector(), out.sum(1).toFloatVector(), 1e-5f);
        assertNotEquals(in, out);
    }

    @Test
    void sameSeedGivesSameOutputAndKeepsDataType() {
        INDArray in = Nd4j.create(randomImages(10, 3)).castTo(DataType.FLOAT);
        RandomShift shift = new RandomShift(H, W, 2);
        INDArray a = shift.apply(in, new Random(9));
        INDArray b = shift.apply(in, new Random(9));
        assertEquals(a, b);
        assertEquals(DataType.FLOAT, a.dataType());
        assertArrayEquals(new long[] {10, H * W}, a.shape());
    }

    @Test
    void minibatchShiftMovesFeaturesAndKeepsLabels() {
        INDArray images = Nd4j.create(randomImages(4, 6)).castTo(DataType.FLOAT);
        INDArray targets = Nd4j.eye(4).castTo(DataType.FLOAT);
        var batch = new org.nd4j.linalg.dataset.MultiDataSet(images, targets);
        RandomShift shift = new RandomShift(H, W, 2);
        var shifted = shift.apply(batch, new Random(8));
        assertEquals(shift.apply(images, new Random(8)), shifted.getFeatures(0));
        assertEquals(targets, shifted.getLabels(0));
    }

    @Test
    void zeroShiftIsIdentity() {
        INDArray in = Nd4j.create(randomImages(3, 4));
        assertEquals(in, new RandomShift(H, W, 0).apply(in, new Random(1)));
    }
}
