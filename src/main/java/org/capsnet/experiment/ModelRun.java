package org.capsnet.experiment;

import java.util.List;
import org.apache.spark.api.java.JavaSparkContext;
import org.capsnet.data.DataSource;
import org.capsnet.data.ExampleSet;
import org.capsnet.data.Split;
import org.capsnet.eval.EvaluationResult;
import org.capsnet.eval.Evaluator;
import org.capsnet.experiment.ExperimentRecords.Evaluation;
import org.capsnet.io.StoragePath;
import org.capsnet.model.NetworkArchitecture;
import org.capsnet.spark.ClusterSlots;
import org.capsnet.spark.SparkEvaluator;
import org.capsnet.spark.SparkTraining;
import org.capsnet.train.EpochRecord;
import org.capsnet.train.LocalEpochFitter;
import org.capsnet.train.MetricsLog;
import org.capsnet.train.ModelFiles;
import org.capsnet.train.ProgressBar;
import org.capsnet.train.TrainingJob;

/**
 * Steps 2 and 3 for one model, in {@code out/<family>/}: training (skipped when {@value #MODEL} already holds all
 * epochs; otherwise resumed from the newest checkpoint in {@code checkpoints/}) with per-epoch metrics in
 * {@value #METRICS}, then evaluation on t10k into {@value #EVALUATION} (skipped when present).
 */
final class ModelRun {
    static final String MODEL = "model.zip";
    static final String METRICS = "metrics.jsonl";
    static final String EVALUATION = "evaluation.json";

    private final MultiMnistExperimentConfig config;
    private final NetworkArchitecture arch;
    private final StoragePath dir;
    private final DataSource data;

    ModelRun(MultiMnistExperimentConfig config, NetworkArchitecture arch, StoragePath out, DataSource data) {
        this.config = config;
        this.arch = arch;
        this.dir = out.resolve(arch.family());
        this.data = data;
    }

    StoragePath dir() {
        return dir;
    }

    StoragePath modelFile() {
        return dir.resolve(MODEL);
    }

    /** Whether the saved model holds all the configured epochs. */
    boolean trained() {
        return modelFile().isFile()
                && ModelFiles.load(modelFile(), false).provenance().epochsCompleted()
                        >= config.training().epochs();
    }

    void train(JavaSparkContext sc, ProgressBar progress) {
        TrainingJob.Paths paths =
                new TrainingJob.Paths(data, modelFile(), dir.resolve("checkpoints"), dir.resolve(METRICS), true);
        if (sc == null) {
            new TrainingJob(arch, config.training(), paths, config.checkpoints(), "local")
                    .run(
                            (a, source, train, test) -> new LocalEpochFitter(a, config.training(), source, train, test),
                            progress);
        } else {
            SparkTraining.run(sc, arch, config.training(), config.spark(), paths, config.checkpoints(), progress);
        }
    }

    boolean evaluated() {
        return dir.resolve(EVALUATION).isFile();
    }

    /** Scores the saved model on t10k (on the executors with a Spark context) and writes the evaluation file. */
    Evaluation evaluate(JavaSparkContext sc) {
        ModelFiles.SavedModel saved = ModelFiles.load(modelFile(), false);
        NetworkArchitecture savedArch = saved.provenance().architecture();
        EvaluationResult result;
        ExampleSet test = data.split(Split.TEST);
        long examples = data.testExamples(test.size());
        if (sc == null) {
            result = Evaluator.evaluate(saved.graph(), savedArch, test, 0, examples, 100);
        } else {
            int workers = ClusterSlots.workers(sc, config.spark());
            result = new SparkEvaluator(
                            sc,
                            savedArch,
                            test,
                            examples,
                            workers,
                            config.spark().threadsPerWorker())
                    .evaluate(saved.graph());
        }
        Evaluation e = new Evaluation(
                savedArch.family(),
                result.examples(),
                result.twoDigitAccuracy(),
                result.atLeastOneAccuracy(),
                saved.graph().numParams(),
                saved.provenance().epochsCompleted(),
                savedArch.toString());
        ExperimentJson.write(dir.resolve(EVALUATION), e);
        return e;
    }

    Evaluation evaluation() {
        return ExperimentJson.read(dir.resolve(EVALUATION), Evaluation.class);
    }

    /** The epoch records of the metrics file (a resumed run appended its epochs to the same file). */
    List<EpochRecord> metrics() {
        return MetricsLog.epochs(MetricsLog.read(dir.resolve(METRICS)));
    }
}
