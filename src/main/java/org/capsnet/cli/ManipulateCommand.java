package org.capsnet.cli;

import java.util.concurrent.Callable;
import org.capsnet.data.LabelledImages;
import org.capsnet.eval.pictures.CapsuleManipulation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code manipulate}: each dimension of the winning capsule of one test image perturbed and decoded, as PNG. */
@Command(
        name = "manipulate",
        mixinStandardHelpOptions = true,
        description = "Perturb each dimension of the winning capsule of one test image (t10k-* of --data) by "
                + "-0.25..0.25 in steps of 0.05 and draw the decoded images: one row per dimension.")
public class ManipulateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    PictureOptions picture;

    @Option(
            names = "--index",
            defaultValue = "0",
            paramLabel = "I",
            description = "Test example whose capsule is perturbed (default ${DEFAULT-VALUE}).")
    int index;

    @Override
    public Integer call() {
        PictureOptions.Inputs in = picture.load();
        LabelledImages example = in.examples("--index", index, 1);
        picture.write(CapsuleManipulation.render(in.graph(), in.arch(), example, 0));
        spec.commandLine().getOut().println("wrote capsule dimensions of test example " + index + " to " + picture.out);
        return CapsNetMain.EXIT_OK;
    }
}
