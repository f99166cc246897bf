package org.capsnet.spark;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.capsnet.InvalidInputException;
import org.capsnet.data.ExampleReaders;
import org.capsnet.data.ExampleSet;
import org.capsnet.model.NetworkArchitecture;
import org.capsnet.train.EpochPlan;
import org.capsnet.train.MinibatchStep;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration;
import org.deeplearning4j.nn.graph.ComputationGraph;

/**
 * Executor side of an averaging round: for each {@link ShardTask} of the partition (one per worker), takes a
 * network from the {@link GraphPool}, gives it the round's parameters, optimiser state, global Adam step count and
 * epoch from the broadcast {@link RoundState}, fits the task's minibatches of the epoch's {@link EpochPlan} with
 * {@link MinibatchStep} (reading the examples through the executor's cached reader), and returns the new
 * parameters and state with what it applied. Everything is a function of the broadcast and the task, so a retried
 * task returns the same result.
 */
final class FitShard implements FlatMapFunction<Iterator<ShardTask>, WorkerResult> {
    private static final long serialVersionUID = 1L;

    private final NetworkArchitecture arch;
    private final ExampleSet train;
    private final EpochPlan plan;
    private final int maxShift;
    private final Broadcast<RoundState> state;
    private final int threads;
    private final ShardHook hook;

    /** {@code hook} may be null. */
    FitShard(
            NetworkArchitecture arch,
            ExampleSet train,
            EpochPlan plan,
            int maxShift,
            Broadcast<RoundState> state,
            int threads,
            ShardHook hook) {
        this.arch = arch;
        this.train = train;
        this.plan = plan;
        this.maxShift = maxShift;
        this.state = state;
        this.threads = threads;
        this.hook = hook;
    }

    @Override
    public Iterator<WorkerResult> call(Iterator<ShardTask> tasks) {
        TaskThreads.apply(threads);
        List<WorkerResult> out = new ArrayList<>(1);
        while (tasks.hasNext()) {
            out.add(fit(tasks.next()));
        }
        return out.iterator();
    }

    private WorkerResult fit(ShardTask task) {
        long start = System.nanoTime();
        RoundState s = state.value();
        MinibatchStep step;
        try {
            step = new MinibatchStep(arch, ExampleReaders.cached(train), maxShift);
        } catch (InvalidInputException e) {
            return WorkerResult.badInput(e.getMessage());
        }
        ComputationGraph graph = GraphPool.borrow(s.configurationJson);
        try {
            graph.setParams(s.parameters);
            if (s.updaterState != null) {
                graph.getUpdater().setStateViewArray(s.updaterState);
            }
            ComputationGraphConfiguration conf = graph.getConfiguration();
            conf.setIterationCount((int) s.iteration);
            conf.setEpochCount(s.epoch);
            if (hook != null) {
                hook.beforeFit(task.round, task.worker);
            }
            long fitStart = System.nanoTime();
            WorkerResult r = new WorkerResult();
            for (int k = task.firstMinibatch; k < task.firstMinibatch + task.count; k++) {
                MinibatchStep.Result one = step.fit(graph, plan, k);
                r.lossSum += one.loss() * one.examples();
                r.examples += one.examples();
                r.learningRate = one.learningRate();
                r.adamStep = one.adamStep();
            }
            r.maxSteps = task.count;
            r.workers = 1;
            r.parameters = graph.params().dup();
            r.updaterState = s.updaterState == null
                    ? null
                    : graph.getUpdater().getStateViewArray().dup();
            r.fetchSeconds = (fitStart - start) / 1e9;
            r.fitSeconds = (System.nanoTime() - fitStart) / 1e9;
            return r;
        } finally {
            GraphPool.giveBack(s.configurationJson, graph);
        }
    }
}
