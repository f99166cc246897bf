package org.capsnet.spark;

import org.apache.spark.api.java.function.Function2;

/** The combine step of the round's tree reduce: adds two workers' (or subtrees') results. */
final class SumResults implements Function2<WorkerResult, WorkerResult, WorkerResult> {
    private static final long serialVersionUID = 1L;

    @Override
    public WorkerResult call(WorkerResult a, WorkerResult b) {
        return a.add(b);
    }
}
