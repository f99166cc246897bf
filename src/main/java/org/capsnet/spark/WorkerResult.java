package org.capsnet.spark;

import java.io.Serializable;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What training tasks return, summed over workers by a tree reduce: parameters and optimiser state (the driver
 * divides by {@code workers}), loss and example counts, the most steps a worker made, the learning rate and Adam
 * step the workers applied, and the seconds spent fetching the round's state and fitting (summed; divided by
 * workers for the per-worker mean). Bad data found by a worker travels back as {@link #badInput} instead of failing
 * the task: Spark would retry it (the file stays bad) and log a stack trace per attempt.
 */
final class WorkerResult implements Serializable {
    private static final long serialVersionUID = 1L;

    INDArray parameters;
    INDArray updaterState;
    double lossSum;
    long examples;
    int maxSteps;
    double learningRate;
    long adamStep;
    int workers;
    double fetchSeconds;
    double fitSeconds;
    /** The one-line bad-input message of a worker that could not read its examples, else null. */
    String badInput;

    static WorkerResult badInput(String message) {
        WorkerResult r = new WorkerResult();
        r.badInput = message;
        return r;
    }

    /** Adds {@code other} into this one (reusing this one's arrays) and returns it. */
    WorkerResult add(WorkerResult other) {
        if (badInput != null || other.badInput != null) {
            return badInput != null ? this : other;
        }
        parameters.addi(other.parameters);
        if (updaterState != null) {
            updaterState.addi(other.updaterState);
        }
        lossSum += other.lossSum;
        examples += other.examples;
        if (other.maxSteps > maxSteps) {
            // a worker with more steps reached a later Adam step: report the schedule at the round's last step
            learningRate = other.learningRate;
            adamStep = other.adamStep;
        }
        maxSteps = Math.max(maxSteps, other.maxSteps);
        workers += other.workers;
        fetchSeconds += other.fetchSeconds;
        fitSeconds += other.fitSeconds;
        return this;
    }
}
