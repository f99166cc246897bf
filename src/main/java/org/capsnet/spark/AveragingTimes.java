package org.capsnet.spark;

import org.deeplearning4j.spark.api.stats.CommonSparkTrainingStats;
import org.deeplearning4j.spark.api.stats.SparkTrainingStats;
import org.deeplearning4j.spark.impl.paramavg.stats.ParameterAveragingTrainingMasterStats;
import org.deeplearning4j.spark.impl.paramavg.stats.ParameterAveragingTrainingWorkerStats;
import org.deeplearning4j.spark.stats.EventStats;

import java.util.List;

/**
 * The time split of one epoch of parameter averaging, from dl4j-spark's training stats (ms events summed):
 * <ul>
 * <li>broadcast: driver creating the broadcast of parameters + updater state, plus workers fetching it and building
 * their network from it (mean per worker);</li>
 * <li>fit: workers' minibatch steps (mean per worker: workers run in parallel);</li>
 * <li>aggregate: the rest of each averaging round: task scheduling, returning parameters, treeAggregate and setting
 * the averaged parameters on the driver (round time minus the workers' time in the round).</li>
 * </ul>
 * {@code rounds} is the number of averaging rounds.
 */
public record AveragingTimes(double broadcastSeconds, double fitSeconds, double aggregateSeconds, int rounds) {

    static AveragingTimes of(SparkTrainingStats stats, int workers) {
        if (stats == null) {
            return new AveragingTimes(0, 0, 0, 0);
        }
        double w = Math.max(1, workers);
        double broadcastCreate = sumMs(stats, ParameterAveragingTrainingMasterStats.PARAMETER_AVERAGING_MASTER_BROADCAST_CREATE_TIMES_MS);
        double workerGet = sumMs(stats, ParameterAveragingTrainingWorkerStats.PARAMETER_AVERAGING_WORKER_BROADCAST_GET_VALUE_TIME_MS) / w;
        double workerInit = sumMs(stats, ParameterAveragingTrainingWorkerStats.PARAMETER_AVERAGING_WORKER_INIT_TIME_MS) / w;
        double workerFit = sumMs(stats, ParameterAveragingTrainingWorkerStats.PARAMETER_AVERAGING_WORKER_FIT_TIMES_MS) / w;
        double workerTotal = sumMs(stats, CommonSparkTrainingStats.WORKER_FLAT_MAP_TOTAL_TIME_MS) / w;
        double aggregate = sumMs(stats, ParameterAveragingTrainingMasterStats.PARAMETER_AVERAGING_MASTER_AGGREGATE_TIMES_MS);
        double process = sumMs(stats, ParameterAveragingTrainingMasterStats.PARAMETER_AVERAGING_MASTER_PROCESS_PARAMS_UPDATER_TIMES_MS);
        int rounds = count(stats, ParameterAveragingTrainingMasterStats.PARAMETER_AVERAGING_MASTER_PROCESS_PARAMS_UPDATER_TIMES_MS);
        double rest = Math.max(0, aggregate + process - workerTotal);
        return new AveragingTimes((broadcastCreate + workerGet + workerInit) / 1000, workerFit / 1000, rest / 1000,
                rounds);
    }

    private static double sumMs(SparkTrainingStats stats, String key) {
        if (!stats.getKeySet().contains(key)) {
            return 0;
        }
        List<EventStats> events = stats.getValue(key);
        if (events == null) {
            return 0;
        }
        double sum = 0;
        for (EventStats e : events) {
            sum += e.getDurationMs();
        }
        return sum;
    }

    private static int count(SparkTrainingStats stats, String key) {
        if (!stats.getKeySet().contains(key)) {
            return 0;
        }
        List<EventStats> events = stats.getValue(key);
        return events == null ? 0 : events.size();
    }
}
