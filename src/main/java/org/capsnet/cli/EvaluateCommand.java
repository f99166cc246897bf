package org.capsnet.cli;

import org.capsnet.data.DatasetLoader;
import org.capsnet.data.LabelledImages;
import org.capsnet.data.Split;
import org.capsnet.eval.EvaluationResult;
import org.capsnet.eval.Evaluator;
import org.capsnet.io.StoragePath;
import org.capsnet.train.ModelFiles;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;

/** {@code evaluate}: accuracy, per-class accuracy and confusion matrix of a saved model on the t10k split. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Evaluate a saved model on the test split (t10k-*) of --data.")
public class EvaluateCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--model", required = true, paramLabel = "FILE",
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
        LabelledImages test = DatasetLoader.load(data.existing(), Split.TEST);
        EvaluationResult result = Evaluator.evaluate(saved.graph(), saved.provenance().architecture(), test,
                Math.max(1, batchSize));
        if (reconstructions.write(saved.graph(), saved.provenance().architecture(), test)) {
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
}
