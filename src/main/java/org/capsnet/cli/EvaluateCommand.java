package org.capsnet.cli;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import org.capsnet.InvalidInputException;
import org.capsnet.data.DataSource;
import org.capsnet.data.ExampleReaders;
import org.capsnet.data.ExampleSet;
import org.capsnet.data.LabelledImages;
import org.capsnet.data.Split;
import org.capsnet.eval.EvaluationResult;
import org.capsnet.eval.Evaluator;
import org.capsnet.io.StoragePath;
import org.capsnet.model.NetworkArchitecture;
import org.capsnet.train.ModelFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code evaluate}: accuracy, per-class accuracy and confusion matrix of a saved model on the t10k split. */
@Command(
        name = "evaluate",
        mixinStandardHelpOptions = true,
        description = "Evaluate a saved model on the test split (t10k-*) of --data.")
public class EvaluateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(
            names = "--model",
            required = true,
            paramLabel = "FILE",
            description = "Model zip written by train (a local path or a Hadoop URI).")
    StoragePath model;

    @Mixin
    DataDirOption data;

    @Mixin
    JsonOption json;

    @Option(names = "--batch-size", defaultValue = "100", paramLabel = "B", description = "Inference batch size.")
    int batchSize;

    @Mixin
    ReconstructionsOption reconstructions;

    @Override
    public Integer call() {
        ModelFiles.SavedModel saved = ModelFiles.load(model, false);
        reconstructions.check(saved.graph(), saved.provenance().architecture(), model);
        NetworkArchitecture arch = saved.provenance().architecture();
        DataSource source = data.source();
        ExampleSet test = source.split(Split.TEST);
        if (test.height() != arch.inputSize() || test.width() != arch.inputSize()) {
            throw new InvalidInputException("--data " + data.data + " holds " + test.height() + "x" + test.width()
                    + " test images; --model " + model + " takes " + arch.inputSize() + "x" + arch.inputSize());
        }
        EvaluationResult result = Evaluator.evaluate(
                saved.graph(), arch, test, 0, source.testExamples(test.size()), Math.max(1, batchSize));
        if (reconstructions.write(saved.graph(), arch, firstExamples(test))) {
            spec.commandLine().getErr().println("reconstructions " + reconstructions.out);
        }
        PrintWriter out = spec.commandLine().getOut();
        out.println(EvaluationReport.text(result));
        var record = result.toJsonMap();
        json.print(out, record);
        if (!json.json) {
            out.printf(Locale.ROOT, "accuracy %.4f on %d examples%n", result.accuracy(), result.examples());
        }
        return CapsNetMain.EXIT_OK;
    }

    /** The examples that --reconstructions-out draws. */
    private static LabelledImages firstExamples(ExampleSet test) {
        long[] ids = new long[(int) Math.min(ReconstructionsOption.COUNT, test.size())];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = test.evaluationId(i);
        }
        return ExampleReaders.cached(test).read(ids);
    }
}
