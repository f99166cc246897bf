package org.capsnet.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import org.capsnet.InvalidInputException;
import org.capsnet.data.MultiMnistConfig;
import org.capsnet.experiment.MultiMnistExperiment;
import org.capsnet.experiment.MultiMnistExperimentConfig;
import org.capsnet.io.StoragePath;
import org.capsnet.model.CapsNetConfig;
import org.capsnet.model.NetworkArchitecture;
import org.capsnet.train.TrainingConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code capsnet experiment multimnist --source DIR --out DIR [--pairs-per-digit K] [--epochs N] [--batch-size B]
 * [--master URL ...] [--resume]}: the paper's MultiMNIST experiment, CapsNet against the baseline CNN with the same
 * data and budget ({@link MultiMnistExperiment}).
 */
@Command(
        name = "multimnist",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Generate MultiMNIST, train CapsNet and the baseline CNN on it with the same budget, evaluate "
                + "both, and write results.md/results.json into --out.")
final class ExperimentMultiMnistCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(
            names = "--source",
            required = true,
            paramLabel = "DIR",
            description = "MNIST-style data set the pairs are made from (train-*, t10k-*).")
    String source;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Results folder.")
    String out;

    @Option(
            names = "--pairs-per-digit",
            paramLabel = "K",
            description = "Pairs per source digit (default ${DEFAULT-VALUE}, as in the paper).")
    int pairsPerDigit = MultiMnistConfig.PAPER.pairsPerDigit();

    @Option(
            names = "--shift",
            paramLabel = "PX",
            description = "Largest shift of each digit in each direction (default ${DEFAULT-VALUE}).")
    int shift = MultiMnistConfig.PAPER.shift();

    @Option(
            names = "--data-seed",
            paramLabel = "S",
            description = "Seed of the pairs and shifts (default ${DEFAULT-VALUE}).")
    long dataSeed = MultiMnistConfig.PAPER.seed();

    @Option(
            names = "--on-the-fly",
            description = "Generate the pairs where they are used (the executors) instead "
                    + "of writing them to OUT/data first: the way to run the paper's 1,000 pairs per digit.")
    boolean onTheFly;

    @Option(
            names = "--test-examples",
            paramLabel = "N",
            description = "Score a fixed slice of N test pairs (pair 0 of every test digit first). Default: all.")
    Long testExamples;

    @Mixin
    TrainingOptions training;

    @Option(
            names = "--routings",
            paramLabel = "R",
            description = "CapsNet routing iterations (default ${DEFAULT-VALUE}).")
    int routings = CapsNetConfig.paper().routings();

    @Option(
            names = "--width-divisor",
            defaultValue = "1",
            paramLabel = "D",
            description = "Divide the channel and unit counts of both models by D (1 = the paper's models; larger "
                    + "for a quick run on a small machine) (default ${DEFAULT-VALUE}).")
    int widthDivisor;

    @Option(
            names = "--resume",
            description = "Continue the experiment in --out: finished steps are skipped, an "
                    + "interrupted training resumes from its last checkpoint.")
    boolean resume;

    @Mixin
    SparkOptions spark;

    @Override
    public Integer call() {
        StoragePath sourceDir = StoragePath.of(source);
        StoragePath outDir = StoragePath.of(out);
        if (!sourceDir.isDirectory()) {
            throw new InvalidInputException("--source " + source + " is not a directory");
        }
        if (!resume && outDir.resolve("experiment.json").exists()) {
            throw new InvalidInputException("--out " + out + " already holds an experiment; pass --resume to "
                    + "continue it or choose another --out");
        }
        // MultiMNIST is not shifted further in training (the generator shifted each digit), as in the paper.
        TrainingConfig trainingConfig = training.toBuilder().maxShift(0).build();
        List<NetworkArchitecture> models = Architectures.paperMultiMnist(routings, widthDivisor);
        MultiMnistExperimentConfig config = new MultiMnistExperimentConfig(
                sourceDir,
                outDir,
                pairsPerDigit,
                shift,
                dataSeed,
                trainingConfig,
                models,
                spark.master,
                spark.trainerConfig(),
                commandLine(),
                onTheFly,
                testExamples == null ? Long.MAX_VALUE : testExamples,
                spark.checkpointPolicy());
        PrintWriter console = spec.commandLine().getOut();
        MultiMnistExperiment.run(config, console);
        return CapsNetMain.EXIT_OK;
    }

    private String commandLine() {
        return "capsnet " + String.join(" ", spec.commandLine().getParseResult().originalArgs());
    }
}
