package org.capsnet.cli;

import java.awt.image.BufferedImage;
import org.capsnet.InvalidInputException;
import org.capsnet.data.ExampleReaders;
import org.capsnet.data.ExampleSet;
import org.capsnet.data.LabelledImages;
import org.capsnet.data.Split;
import org.capsnet.eval.pictures.CapsuleDecoder;
import org.capsnet.io.StoragePath;
import org.capsnet.model.CapsNetConfig;
import org.capsnet.model.NetworkArchitecture;
import org.capsnet.train.ModelFiles;
import org.deeplearning4j.nn.graph.ComputationGraph;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The options of the picture verbs: a model, the data whose test split it draws, and the PNG to write. */
public class PictureOptions {
    @Option(
            names = "--model",
            required = true,
            paramLabel = "FILE",
            description = "Model zip written by train (a local path or a Hadoop URI).")
    StoragePath model;

    @Mixin
    DataDirOption data;

    @Option(
            names = "--out",
            required = true,
            paramLabel = "FILE.png",
            description = "The PNG file to write (a local path or a Hadoop URI).")
    StoragePath out;

    /** A loaded model with a decoder and the test split it draws from, checked against each other. */
    record Inputs(ComputationGraph graph, CapsNetConfig arch, ExampleSet test) {
        /**
         * Test examples {@code index .. index + count - 1} as rows 0..count-1; bad input naming {@code option}
         * unless they are in the test split.
         */
        LabelledImages examples(String option, int index, int count) {
            if (index < 0 || count < 1 || (long) index + count > test.size()) {
                throw new InvalidInputException(option + ": examples " + index + ".." + (index + count - 1)
                        + " are outside the " + test.size() + " test examples of --data " + test.height() + "x"
                        + test.width());
            }
            long[] ids = new long[count];
            for (int i = 0; i < count; i++) {
                ids[i] = test.evaluationId(index + i);
            }
            return ExampleReaders.cached(test).read(ids);
        }
    }

    /** Checks the options, prepares the output directory, loads the model and the test split. */
    Inputs load() {
        OutputFiles.prepare("--out", out, "--model", model);
        ModelFiles.SavedModel saved = ModelFiles.load(model, false);
        NetworkArchitecture architecture = saved.provenance().architecture();
        if (!(architecture instanceof CapsNetConfig arch)) {
            throw new InvalidInputException("--model " + model + " has no decoder because it is a "
                    + architecture.family() + ", not a CapsNet: it cannot draw images");
        }
        if (!CapsuleDecoder.hasDecoder(saved.graph())) {
            throw new InvalidInputException("--model " + model + " has no decoder (trained with "
                    + "--no-reconstruction): it cannot draw images");
        }
        ExampleSet test = data.source().split(Split.TEST);
        if (test.height() != arch.inputSize() || test.width() != arch.inputSize()) {
            throw new InvalidInputException("--data " + data.data + " holds " + test.height() + "x" + test.width()
                    + " images; --model " + model + " takes " + arch.inputSize() + "x" + arch.inputSize());
        }
        return new Inputs(saved.graph(), arch, test);
    }

    /** Writes {@code image} to --out as PNG, atomically. */
    void write(BufferedImage image) {
        OutputFiles.writePng("--out", out, image);
    }
}
