package org.capsnet.spark;

import org.apache.spark.TaskContext;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.spark.api.TrainingHook;
import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.dataset.api.MultiDataSet;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Makes the first attempt of partition {@code partition}'s training task fail before its first step, in every
 * averaging round; counts the failures (the counter is static: local mode runs tasks in this JVM).
 */
final class FailFirstAttempt implements TrainingHook {
    private static final long serialVersionUID = 1L;
    static final AtomicInteger FAILURES = new AtomicInteger();

    private final int partition;

    FailFirstAttempt(int partition) {
        this.partition = partition;
    }

    @Override
    public void preUpdate(MultiDataSet minibatch, Model model) {
        TaskContext task = TaskContext.get();
        if (task != null && task.partitionId() == partition && task.attemptNumber() == 0) {
            FAILURES.incrementAndGet();
            throw new IllegalStateException("injected failure of the first attempt of partition " + partition);
        }
    }

    @Override
    public void postUpdate(MultiDataSet minibatch, Model model) {
    }

    @Override
    public void preUpdate(DataSet minibatch, Model model) {
    }

    @Override
    public void postUpdate(DataSet minibatch, Model model) {
    }
}
