package org.capsnet.spark;

import org.capsnet.data.IdxArray;
import org.capsnet.data.IdxHeader;
import org.capsnet.data.IdxReader;
import org.capsnet.data.IdxWriter;
import org.capsnet.data.Split;
import org.capsnet.data.SplitFiles;

import java.nio.file.Path;
import java.util.Arrays;

/** The first digits of ../shared/data/mnist-sample (system property capsnet.sharedData) as a small data set. */
final class MnistSubset {
    private MnistSubset() {
    }

    static Path sample() {
        return Path.of(System.getProperty("capsnet.sharedData", "../shared/data")).toAbsolutePath().normalize()
                .resolve("mnist-sample");
    }

    /** Writes the first {@code nTrain} training and {@code nTest} test digits into {@code dir}. */
    static Path write(Path dir, int nTrain, int nTest) {
        for (Split split : Split.values()) {
            int n = split == Split.TRAIN ? nTrain : nTest;
            for (String[] kind : new String[][]{{"images", "3"}, {"labels", "1"}}) {
                String name = SplitFiles.name(split, kind[0], Integer.parseInt(kind[1]));
                IdxArray a = IdxReader.read(sample().resolve(name));
                int[] dims = a.header().dims();
                dims[0] = n;
                IdxHeader h = new IdxHeader(a.header().type(), dims);
                IdxWriter.write(dir.resolve(name), new IdxArray(h, Arrays.copyOf(a.payload(), (int) h.payloadBytes())));
            }
        }
        return dir;
    }
}
