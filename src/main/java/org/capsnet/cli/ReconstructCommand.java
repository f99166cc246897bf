package org.capsnet.cli;

import java.util.concurrent.Callable;
import org.capsnet.data.LabelledImages;
import org.capsnet.eval.pictures.Reconstructions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code reconstruct}: test images above the decoder's reconstruction from their predicted capsule, as PNG. */
@Command(
        name = "reconstruct",
        mixinStandardHelpOptions = true,
        description = "Draw test images (t10k-* of --data) and their reconstructions from the predicted capsule.")
public class ReconstructCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    PictureOptions picture;

    @Option(
            names = "--index",
            defaultValue = "0",
            paramLabel = "I",
            description = "First test example (default ${DEFAULT-VALUE}).")
    int index;

    @Option(
            names = "--count",
            defaultValue = "10",
            paramLabel = "N",
            description = "Number of consecutive test examples (default ${DEFAULT-VALUE}).")
    int count;

    @Override
    public Integer call() {
        PictureOptions.Inputs in = picture.load();
        LabelledImages examples = in.examples("--index/--count", index, count);
        picture.write(Reconstructions.render(in.graph(), in.arch(), examples, 0, count));
        spec.commandLine()
                .getOut()
                .println("wrote reconstructions of test examples " + index + ".." + (index + count - 1) + " to "
                        + picture.out);
        return CapsNetMain.EXIT_OK;
    }
}
