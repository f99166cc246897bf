package org.capsnet.spark;

import java.nio.file.Path;
import java.util.Random;
import org.capsnet.data.ExampleSet;
import org.capsnet.data.ExampleSets;
import org.capsnet.data.IdxArray;
import org.capsnet.data.IdxHeader;
import org.capsnet.data.IdxType;
import org.capsnet.data.IdxWriter;
import org.capsnet.data.Split;
import org.capsnet.data.SplitFiles;
import org.capsnet.io.StoragePath;
import org.capsnet.model.CapsNetConfig;

/** Random IDX data sets for Spark tests of the tiny CapsNets ({@link org.capsnet.model.TinyCapsNets}). */
final class TinyNets {
    private TinyNets() {}

    /**
     * Writes {@code n} random images of the architecture's input size with random labels of its classes, as the
     * {@code split} IDX files of {@code dir}, and describes them.
     */
    static ExampleSet examples(Path dir, Split split, CapsNetConfig arch, int n, long seed) {
        Random random = new Random(seed);
        int side = arch.inputSize();
        byte[] pixels = new byte[n * side * side];
        random.nextBytes(pixels);
        byte[] labels = new byte[n];
        for (int i = 0; i < n; i++) {
            labels[i] = (byte) random.nextInt(arch.numClasses());
        }
        IdxWriter.write(
                dir.resolve(SplitFiles.name(split, "images", 3)),
                new IdxArray(new IdxHeader(IdxType.UBYTE, new int[] {n, side, side}), pixels));
        IdxWriter.write(
                dir.resolve(SplitFiles.name(split, "labels", 1)),
                new IdxArray(new IdxHeader(IdxType.UBYTE, new int[] {n}), labels));
        return ExampleSets.of(StoragePath.local(dir), split);
    }
}
