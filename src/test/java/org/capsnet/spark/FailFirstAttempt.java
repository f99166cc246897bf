package org.capsnet.spark;

import java.util.concurrent.atomic.AtomicInteger;
import org.apache.spark.TaskContext;

/**
 * Makes the first attempt of worker {@code worker}'s training task fail before it fits, in every averaging round;
 * counts the failures (the counter is static: local mode runs tasks in this JVM).
 */
final class FailFirstAttempt implements ShardHook {
    private static final long serialVersionUID = 1L;
    static final AtomicInteger FAILURES = new AtomicInteger();

    private final int worker;

    FailFirstAttempt(int worker) {
        this.worker = worker;
    }

    @Override
    public void beforeFit(int round, int w) {
        TaskContext task = TaskContext.get();
        if (task != null && w == worker && task.attemptNumber() == 0) {
            FAILURES.incrementAndGet();
            throw new IllegalStateException("injected failure of the first attempt of worker " + worker);
        }
    }
}
