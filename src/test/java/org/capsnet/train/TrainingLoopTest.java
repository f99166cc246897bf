package org.capsnet.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.capsnet.eval.EvaluationResult;
import org.capsnet.io.StoragePath;
import org.capsnet.model.CapsNetConfig;
import org.capsnet.model.CapsNetGraph;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;

class TrainingLoopTest {

    /** A fitter that trains nothing: each round reports loss {@code lossOf(epoch, round)} for 10 examples. */
    private record FakeFitter(int rounds, java.util.function.BiFunction<Integer, Integer, Double> lossOf)
            implements EpochFitter {
        @Override
        public int rounds(int epoch) {
            return rounds;
        }

        @Override
        public RoundStats fitRound(ComputationGraph graph, int epoch, int round) {
            return new RoundStats(10 * lossOf.apply(epoch, round), 10, 1, 0.001, round + 1, 1, 0.01, 0, 0.01, 0);
        }

        @Override
        public EvaluationResult evaluate(ComputationGraph graph) {
            return null;
        }

        @Override
        public long trainingExamples() {
            return 10L * rounds;
        }
    }

    private static ComputationGraph graph(CapsNetConfig arch, TrainingConfig config) {
        return CapsNetGraph.create(arch, Optimizers.adam(config), 1, DataType.FLOAT);
    }

    @Test
    void nanLossStopsTrainingAndKeepsTheLastGoodCheckpoint(@TempDir Path dir) {
        CapsNetConfig arch = SmallModels.smallMnist();
        TrainingConfig config = TrainingConfig.builder().epochs(3).build();
        EpochFitter divergesInSecondEpoch = new FakeFitter(2, (epoch, round) -> epoch == 0 ? 0.5 : Double.NaN);
        Checkpoints checkpoints = new Checkpoints(dir);
        TrainingLoop loop = new TrainingLoop(
                config, divergesInSecondEpoch, checkpoints, CheckpointPolicy.END_OF_EPOCH, null, ProgressBar.silent());
        ModelProvenance provenance = ModelProvenance.of(arch, config, "test", Map.of(), "local");

        TrainingDivergedException e =
                assertThrows(TrainingDivergedException.class, () -> loop.run(graph(arch, config), provenance));
        assertTrue(e.getMessage().contains("NaN") && e.getMessage().contains("epoch 2"), e.getMessage());
        assertTrue(e instanceof org.capsnet.InvalidInputException, "reported in one line with exit code 2");
        StoragePath latest = checkpoints.latest().orElseThrow();
        assertEquals("checkpoint-epoch-0001.zip", latest.fileName());
        assertEquals(1, ModelFiles.load(latest, true).provenance().epochsCompleted());
    }

    @Test
    void roundRecordsFollowTheRoundsAndEpochRecordsCloseEachEpoch(@TempDir Path dir) throws Exception {
        CapsNetConfig arch = SmallModels.smallMnist();
        TrainingConfig config = TrainingConfig.builder().epochs(2).build();
        MetricsLog metrics = new MetricsLog(dir.resolve("m.jsonl"));
        var result = new TrainingLoop(
                        config,
                        new FakeFitter(120, (e, r) -> 1.0 / (1 + r)),
                        null,
                        CheckpointPolicy.END_OF_EPOCH,
                        metrics,
                        ProgressBar.silent())
                .run(graph(arch, config), ModelProvenance.of(arch, config, "t", Map.of(), "local"));

        List<RoundRecord> rounds = result.records().stream()
                .filter(RoundRecord.class::isInstance)
                .map(RoundRecord.class::cast)
                .toList();
        assertEquals(2 * 60, rounds.size(), "120 rounds, a record every 2 rounds (at most 50 + the last)");
        assertEquals(2, rounds.get(0).round());
        assertEquals(120, rounds.get(59).round());
        assertEquals(2, result.epochs().size());
        assertEquals(120, result.epochs().get(0).rounds());
        assertEquals(2 * 61, Files.readAllLines(dir.resolve("m.jsonl")).size());
    }

    @Test
    void midEpochCheckpointsRecordTheRoundAndTheNewestTwoAreKept(@TempDir Path dir) {
        CapsNetConfig arch = SmallModels.smallMnist();
        TrainingConfig config = TrainingConfig.builder().epochs(1).build();
        Checkpoints checkpoints = new Checkpoints(dir);
        new TrainingLoop(
                        config,
                        new FakeFitter(7, (e, r) -> 0.5),
                        checkpoints,
                        new CheckpointPolicy(3, 0),
                        null,
                        ProgressBar.silent())
                .run(graph(arch, config), ModelProvenance.of(arch, config, "t", Map.of(), "local"));

        try (Stream<Path> files = Files.list(dir)) {
            assertEquals(
                    List.of("checkpoint-epoch-0000-round-000006.zip", "checkpoint-epoch-0001.zip"),
                    files.map(p -> p.getFileName().toString())
                            .filter(n -> !n.startsWith("."))
                            .sorted()
                            .toList());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        ModelProvenance mid = ModelFiles.load(dir.resolve("checkpoint-epoch-0000-round-000006.zip"), false)
                .provenance();
        assertEquals(0, mid.epochsCompleted());
        assertEquals(6, mid.roundsCompleted());
        assertEquals(60, mid.epochExamples());
        assertEquals(30.0, mid.epochLossSum(), 1e-9);
    }

    @Test
    void aResumedEpochStartsAtTheRecordedRoundAndReportsTheWholeEpoch(@TempDir Path dir) {
        CapsNetConfig arch = SmallModels.smallMnist();
        TrainingConfig config = TrainingConfig.builder().epochs(1).build();
        List<Integer> fitted = new java.util.ArrayList<>();
        FakeFitter fitter = new FakeFitter(5, (e, r) -> {
            fitted.add(r);
            return 1.0;
        });
        ModelProvenance atRound3 =
                ModelProvenance.of(arch, config, "t", Map.of(), "local").midEpoch(3, 90, 30, 1);
        var result = new TrainingLoop(config, fitter, null, CheckpointPolicy.END_OF_EPOCH, null, ProgressBar.silent())
                .run(graph(arch, config), atRound3);

        assertEquals(List.of(3, 4), fitted);
        assertEquals(50L, result.epochs().get(0).examples());
        assertEquals((90 + 20) / 50.0, result.epochs().get(0).trainLoss(), 1e-12);
    }

    @Test
    void aRoundLimitStopsInsideAnEpochRecordsWhereAndAResumeFinishesIt(@TempDir Path dir) {
        CapsNetConfig arch = SmallModels.smallMnist();
        TrainingConfig limited = TrainingConfig.builder().epochs(2).maxRounds(3).build();
        Checkpoints checkpoints = new Checkpoints(dir);
        var stopped = new TrainingLoop(
                        limited,
                        new FakeFitter(5, (e, r) -> 1.0),
                        checkpoints,
                        CheckpointPolicy.END_OF_EPOCH,
                        null,
                        ProgressBar.silent())
                .run(graph(arch, limited), ModelProvenance.of(arch, limited, "t", Map.of(), "local"));

        assertEquals(0, stopped.provenance().epochsCompleted());
        assertEquals(3, stopped.provenance().roundsCompleted());
        assertEquals(3, stopped.epochs().get(0).stoppedAtRound());
        assertEquals(
                "checkpoint-epoch-0000-round-000003.zip",
                checkpoints.latest().orElseThrow().fileName());

        TrainingConfig unlimited = TrainingConfig.builder().epochs(2).build();
        List<Integer> fitted = new java.util.ArrayList<>();
        var finished = new TrainingLoop(
                        unlimited,
                        new FakeFitter(5, (e, r) -> {
                            fitted.add(e * 10 + r);
                            return 1.0;
                        }),
                        null,
                        CheckpointPolicy.END_OF_EPOCH,
                        null,
                        ProgressBar.silent())
                .run(graph(arch, unlimited), stopped.provenance());
        assertEquals(List.of(3, 4, 10, 11, 12, 13, 14), fitted);
        assertEquals(2, finished.provenance().epochsCompleted());
    }
}
