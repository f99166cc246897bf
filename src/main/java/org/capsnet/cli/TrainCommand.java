package org.capsnet.cli;

import java.util.concurrent.Callable;
import org.capsnet.io.StoragePath;
import org.capsnet.model.CapsNetConfig;
import org.capsnet.model.NetworkArchitecture;
import org.capsnet.train.LocalEpochFitter;
import org.capsnet.train.ProgressBar;
import org.capsnet.train.TrainingConfig;
import org.capsnet.train.TrainingJob;
import org.capsnet.train.TrainingLoop;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code train}: trains a CapsNet (or the baseline CNN) on --data and saves it as a DL4J model zip. */
@Command(
        name = "train",
        mixinStandardHelpOptions = true,
        description = "Train a CapsNet (or --architecture baseline-cnn or em-capsnet) on the train-* split of --data, "
                + "evaluating on t10k-* after every epoch.")
public class TrainCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    DataDirOption data;

    @Mixin
    TrainingOptions training;

    @Option(
            names = "--architecture",
            paramLabel = "NAME",
            completionCandidates = Architectures.Names.class,
            description = "Network family: ${COMPLETION-CANDIDATES} (baseline-cnn: the paper's MultiMNIST baseline) "
                    + "(default ${DEFAULT-VALUE}).")
    String architecture = CapsNetConfig.FAMILY;

    @Mixin
    EmSizesOption emSizes;

    @Option(
            names = "--routings",
            paramLabel = "R",
            description = "Routing-by-agreement iterations (default ${DEFAULT-VALUE}).")
    int routings = CapsNetConfig.paper().routings();

    @Option(
            names = "--shift",
            paramLabel = "PX",
            description = "Random shift augmentation in pixels, 0 to disable (default ${DEFAULT-VALUE}).")
    int shift = TrainingConfig.builder().build().maxShift();

    @Option(names = "--no-reconstruction", description = "Train without the decoder and reconstruction loss.")
    boolean noReconstruction;

    @Option(
            names = "--stop-gradient-routing",
            description = "Detach u_hat inside the routing loop (community "
                    + "variant); default is the full gradient of the official code.")
    boolean stopGradientRouting;

    @Mixin
    SparkOptions spark;

    @Option(
            names = "--model-out",
            defaultValue = "capsnet-model.zip",
            paramLabel = "FILE",
            description = "Where to save the trained model, a local path or a Hadoop URI (default ${DEFAULT-VALUE}).")
    StoragePath modelOut;

    @Option(
            names = "--checkpoint-dir",
            paramLabel = "DIR",
            description = "Write a checkpoint after every epoch here (a local path or a Hadoop URI).")
    StoragePath checkpointDir;

    @Option(names = "--resume", description = "Continue from the newest checkpoint in --checkpoint-dir.")
    boolean resume;

    @Option(
            names = "--metrics-out",
            paramLabel = "FILE",
            description =
                    "Append metrics as JSON lines: about 50 round records and one epoch record per epoch (a local "
                            + "path or a Hadoop URI).")
    StoragePath metricsOut;

    @Mixin
    CurvesOption curves;

    @Override
    public Integer call() {
        CapsNetConfig.Builder arch =
                CapsNetConfig.builder().routings(routings).stopGradientInRouting(stopGradientRouting);
        if (noReconstruction) {
            arch.decoderHidden();
        }
        TrainingConfig config = training.toBuilder().maxShift(shift).build();
        TrainingJob.Paths paths = new TrainingJob.Paths(data.source(), modelOut, checkpointDir, metricsOut, resume);
        paths.checkOutputsWritable(); // the model's own path is named first when its directory is not writable
        curves.prepare(modelOut);
        NetworkArchitecture network = emSizes.apply(Architectures.named(architecture, arch.build()));
        TrainingLoop.Result result = spark.isLocalOnly()
                ? new TrainingJob(network, config, paths, spark.checkpointPolicy(), "local")
                        .run(
                                (a, source, train, test) -> new LocalEpochFitter(a, config, source, train, test),
                                ProgressBar.onStderr())
                : spark.train(network, config, paths);
        spec.commandLine()
                .getOut()
                .println("trained " + result.provenance().epochsCompleted() + " epochs; test " + "accuracy "
                        + result.provenance().lastTestAccuracy() + "; model " + modelOut);
        StoragePath curvesFile =
                curves.write(modelOut, metricsOut, result, network.family() + " training on " + data.data);
        if (curvesFile != null) {
            spec.commandLine().getOut().println("training curves " + curvesFile);
        }
        return CapsNetMain.EXIT_OK;
    }
}
