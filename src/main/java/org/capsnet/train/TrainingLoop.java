package org.capsnet.train;

import org.capsnet.data.LabelledImages;
import org.capsnet.eval.EvaluationResult;
import org.capsnet.model.NetworkArchitecture;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The epoch loop shared by local and Spark training: fit an epoch, check the loss, evaluate on the test split,
 * checkpoint atomically, write a metrics line. Starting at a later epoch continues a checkpointed run.
 */
public final class TrainingLoop {
    private static final Logger LOG = LoggerFactory.getLogger(TrainingLoop.class);

    private final NetworkArchitecture arch;
    private final TrainingConfig config;
    private final EpochFitter fitter;
    private final LabelledImages test;
    private final Checkpoints checkpoints;
    private final MetricsLog metrics;
    private final ProgressBar progress;
    private final long trainingExamples;

    /** {@code test}, {@code checkpoints} and {@code metrics} may be null. */
    public TrainingLoop(NetworkArchitecture arch, TrainingConfig config, EpochFitter fitter, long trainingExamples,
            LabelledImages test, Checkpoints checkpoints, MetricsLog metrics, ProgressBar progress) {
        this.arch = arch;
        this.config = config;
        this.fitter = fitter;
        this.trainingExamples = trainingExamples;
        this.test = test;
        this.checkpoints = checkpoints;
        this.metrics = metrics;
        this.progress = progress;
    }

    /** Result of a run: the provenance of the final model and one record per epoch run. */
    public record Result(ModelProvenance provenance, List<Map<String, Object>> epochs) {
    }

    public Result run(ComputationGraph graph, ModelProvenance provenance, int startEpoch) {
        List<Map<String, Object>> history = new ArrayList<>();
        ModelProvenance current = provenance;
        for (int epoch = startEpoch; epoch < config.epochs(); epoch++) {
            graph.getConfiguration().setEpochCount(epoch);
            progress.start(String.format("epoch %d/%d", epoch + 1, config.epochs()), trainingExamples);
            EpochStats stats = fitter.fit(graph, epoch, progress);
            progress.finish();
            TrainingDivergedException.check(stats.meanLoss(), epoch, stats.examples());
            EvaluationResult eval = test == null ? null : fitter.evaluate(graph, arch, test);
            double accuracy = eval == null ? Double.NaN : eval.accuracy();
            graph.getConfiguration().setEpochCount(epoch + 1);
            current = current.afterEpochs(epoch + 1, accuracy);
            if (checkpoints != null) {
                checkpoints.save(graph, current);
            }
            Map<String, Object> record = record(epoch, stats, eval);
            history.add(record);
            if (metrics != null) {
                metrics.write(record);
            }
            LOG.info("epoch {}/{}: loss {} test accuracy {} ({} img/s)", epoch + 1, config.epochs(),
                    String.format("%.4f", stats.meanLoss()), eval == null ? "n/a" : String.format("%.4f", accuracy),
                    String.format("%.1f", stats.examplesPerSecond()));
        }
        return new Result(current, history);
    }

    private Map<String, Object> record(int epoch, EpochStats stats, EvaluationResult eval) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("epoch", epoch + 1);
        r.put("train_loss", stats.meanLoss());
        r.put("examples", stats.examples());
        r.put("seconds", stats.seconds());
        r.put("images_per_sec", stats.examplesPerSecond());
        r.put("learning_rate", config.learningRate() * Math.pow(config.learningRateDecay(), epoch));
        r.put("broadcast_seconds", stats.broadcastSeconds());
        r.put("fit_seconds", stats.fitSeconds());
        r.put("aggregate_seconds", stats.aggregateSeconds());
        if (eval != null) {
            r.put("test_accuracy", eval.accuracy());
            r.put("test_examples", eval.examples());
            if (eval.multiDigit()) {
                r.put("test_two_digit_accuracy", eval.twoDigitAccuracy());
                r.put("test_at_least_one_accuracy", eval.atLeastOneAccuracy());
            }
        }
        return r;
    }
}
