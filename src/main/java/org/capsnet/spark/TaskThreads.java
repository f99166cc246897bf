package org.capsnet.spark;

import org.apache.spark.TaskContext;

/** The cores Spark gave the running task ({@code spark.task.cpus}); 0 outside a task (use ND4J's default). */
final class TaskThreads {
    private TaskThreads() {}

    /** Applies {@link Nd4jThreads#limit} with the task's cores, or {@code override} when it is positive. */
    static void apply(int override) {
        if (override > 0) {
            Nd4jThreads.limit(override);
            return;
        }
        TaskContext task = TaskContext.get();
        if (task != null) {
            Nd4jThreads.limit(task.cpus());
        }
    }
}
