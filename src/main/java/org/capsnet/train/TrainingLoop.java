package org.capsnet.train;

import java.util.ArrayList;
import java.util.List;
import org.capsnet.eval.EvaluationResult;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The loop shared by local and Spark training: epochs of rounds. After every round the loss is checked and the
 * progress bar moves; a metrics record is written about {@value #ROUND_RECORDS_PER_EPOCH} times an epoch (so that
 * even a one-epoch run has a curve) and a checkpoint when the {@link CheckpointPolicy} says so. After every epoch:
 * evaluation on the test split, a checkpoint, and the epoch's metrics record. A provenance with a position
 * (epochs and rounds completed) continues a checkpointed run from that round.
 */
public final class TrainingLoop {
    private static final Logger LOG = LoggerFactory.getLogger(TrainingLoop.class);
    static final int ROUND_RECORDS_PER_EPOCH = 50;

    private final TrainingConfig config;
    private final EpochFitter fitter;
    private final Checkpoints checkpoints;
    private final CheckpointPolicy policy;
    private final MetricsLog metrics;
    private final ProgressBar progress;

    /** {@code checkpoints} and {@code metrics} may be null. */
    public TrainingLoop(
            TrainingConfig config,
            EpochFitter fitter,
            Checkpoints checkpoints,
            CheckpointPolicy policy,
            MetricsLog metrics,
            ProgressBar progress) {
        this.config = config;
        this.fitter = fitter;
        this.checkpoints = checkpoints;
        this.policy = policy;
        this.metrics = metrics;
        this.progress = progress;
    }

    /**
     * Result of a run: the provenance of the final model, one record per epoch run, and every metrics record
     * (round and epoch records, in the order written).
     */
    public record Result(ModelProvenance provenance, List<EpochRecord> epochs, List<MetricsRecord> records) {}

    /** Trains from the position recorded in {@code provenance} to the configured number of epochs. */
    public Result run(ComputationGraph graph, ModelProvenance provenance) {
        List<EpochRecord> epochs = new ArrayList<>();
        List<MetricsRecord> records = new ArrayList<>();
        ModelProvenance current = provenance;
        long roundsLeft = config.maxRounds() > 0 ? config.maxRounds() : Long.MAX_VALUE;
        for (int epoch = provenance.epochsCompleted(); epoch < config.epochs() && roundsLeft > 0; epoch++) {
            graph.getConfiguration().setEpochCount(epoch);
            EpochRun run = new EpochRun(epoch, fitter.rounds(epoch), current);
            current = run.fitRounds(graph, records, roundsLeft);
            EpochStats stats = run.stats();
            roundsLeft -= run.roundsRun();
            EvaluationResult eval = fitter.evaluate(graph);
            double accuracy = eval == null ? Double.NaN : eval.accuracy();
            if (stats.rounds() < run.totalRounds) {
                current = stopInside(graph, current, epoch, stats, eval, epochs, records);
                break;
            }
            graph.getConfiguration().setEpochCount(epoch + 1);
            current = current.afterEpochs(epoch + 1, accuracy);
            if (checkpoints != null) {
                checkpoints.save(graph, current);
            }
            EpochRecord record = EpochRecord.of(epoch, stats, eval);
            epochs.add(record);
            records.add(record);
            write(record);
            LOG.info(
                    "epoch {}/{}: loss {} test accuracy {} ({} img/s; {} rounds: broadcast {} s, fit {} s, "
                            + "aggregate {} s; lr {} at Adam step {})",
                    epoch + 1,
                    config.epochs(),
                    fmt(stats.meanLoss()),
                    eval == null ? "n/a" : fmt(accuracy),
                    fmt(stats.examplesPerSecond()),
                    stats.rounds(),
                    fmt(stats.broadcastSeconds()),
                    fmt(stats.fitSeconds()),
                    fmt(stats.aggregateSeconds()),
                    stats.learningRate(),
                    stats.adamStep());
        }
        return new Result(current, epochs, records);
    }

    /** A round limit stopped the run inside an epoch: record where, with the scores at that point. */
    private ModelProvenance stopInside(
            ComputationGraph graph,
            ModelProvenance current,
            int epoch,
            EpochStats stats,
            EvaluationResult eval,
            List<EpochRecord> epochs,
            List<MetricsRecord> records) {
        ModelProvenance stopped = current.midEpoch(stats.rounds(), stats.lossSum(), stats.examples(), stats.seconds())
                .withTestAccuracy(eval == null ? Double.NaN : eval.accuracy());
        if (checkpoints != null) {
            checkpoints.save(graph, stopped);
        }
        EpochRecord record = EpochRecord.of(epoch, stats, eval).stoppedAt(stats.rounds());
        epochs.add(record);
        records.add(record);
        write(record);
        LOG.info(
                "stopped after {} of {} rounds of epoch {} (--max-rounds {}): loss {} test accuracy {}",
                stats.rounds(),
                fitter.rounds(epoch),
                epoch + 1,
                config.maxRounds(),
                fmt(stats.meanLoss()),
                eval == null ? "n/a" : fmt(eval.accuracy()));
        return stopped;
    }

    /** The rounds of one epoch, from wherever a resumed run left it. */
    private final class EpochRun {
        private final int epoch;
        private final int totalRounds;
        private final int stride;
        private ModelProvenance provenance;
        private EpochStats stats;
        private EpochStats sinceRecord = EpochStats.EMPTY;
        private long lastCheckpoint = System.nanoTime();
        private int roundsRun;
        private Double firstRecordLoss;
        private double lastRecordLoss;

        EpochRun(int epoch, int totalRounds, ModelProvenance provenance) {
            this.epoch = epoch;
            this.totalRounds = totalRounds;
            this.stride = Math.max(1, totalRounds / ROUND_RECORDS_PER_EPOCH);
            this.provenance = provenance;
            this.stats = provenance.roundsCompleted() == 0
                    ? EpochStats.EMPTY
                    : EpochStats.resumed(
                            provenance.epochLossSum(),
                            provenance.epochExamples(),
                            provenance.epochSeconds(),
                            provenance.roundsCompleted());
        }

        /** Fits the epoch's remaining rounds, at most {@code limit} of them. */
        ModelProvenance fitRounds(ComputationGraph graph, List<MetricsRecord> records, long limit) {
            progress.start(
                    String.format("epoch %d/%d", epoch + 1, config.epochs()),
                    fitter.trainingExamples(),
                    stats.examples());
            for (int round = stats.rounds(); round < totalRounds && roundsRun < limit; round++, roundsRun++) {
                RoundStats r = fitter.fitRound(graph, epoch, round);
                if (roundsRun == 0) {
                    LOG.info(
                            "first round of epoch {} done in {} s ({} examples; broadcast {} s, fit {} s, aggregate "
                                    + "{} s)",
                            epoch + 1,
                            fmt(r.seconds()),
                            r.examples(),
                            fmt(r.broadcastSeconds()),
                            fmt(r.fitSeconds()),
                            fmt(r.aggregateSeconds()));
                }
                TrainingDivergedException.check(r.meanLoss(), epoch, stats.examples() + r.examples());
                stats = stats.plus(r);
                sinceRecord = sinceRecord.plus(r);
                progress.advance(r.examples(), r.meanLoss());
                int done = round + 1;
                if (done % stride == 0 || done == totalRounds || roundsRun + 1 == limit) {
                    if (firstRecordLoss == null) {
                        firstRecordLoss = sinceRecord.meanLoss();
                    }
                    lastRecordLoss = sinceRecord.meanLoss();
                    RoundRecord record = RoundRecord.of(epoch, done, totalRounds, sinceRecord);
                    records.add(record);
                    write(record);
                    sinceRecord = EpochStats.EMPTY;
                }
                if (checkpoints != null && done < totalRounds && policy.due(done, System.nanoTime() - lastCheckpoint)) {
                    provenance = provenance.midEpoch(done, stats.lossSum(), stats.examples(), stats.seconds());
                    checkpoints.save(graph, provenance);
                    lastCheckpoint = System.nanoTime();
                }
            }
            progress.finish();
            TrainingDivergedException.check(stats.meanLoss(), epoch, stats.examples());
            if (epoch == 0 && firstRecordLoss != null && roundsRun == totalRounds) {
                warnIfFlat(firstRecordLoss, lastRecordLoss);
            }
            return provenance;
        }

        EpochStats stats() {
            return stats;
        }

        int roundsRun() {
            return roundsRun;
        }
    }

    /**
     * A first epoch whose loss did not fall (a learning rate far too high or too low) trained a useless model: say
     * so, rather than save it without a word.
     */
    private static void warnIfFlat(double firstLoss, double lastLoss) {
        if (!(lastLoss < 0.95 * firstLoss)) {
            LOG.warn(
                    "the training loss did not fall in the first epoch ({} at its start, {} at its end): the model "
                            + "is not learning; check --lr (and --batch-size)",
                    fmt(firstLoss),
                    fmt(lastLoss));
        }
    }

    private void write(MetricsRecord record) {
        if (metrics != null) {
            metrics.write(record);
        }
    }

    private static String fmt(double v) {
        return String.format("%.4f", v);
    }
}
