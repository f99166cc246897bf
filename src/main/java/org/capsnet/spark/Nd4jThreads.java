package org.capsnet.spark;

import org.nd4j.linalg.factory.Nd4j;

/**
 * How many threads ND4J may use in this JVM: libnd4j's parallel loops (their default width is
 * {@code Environment.maxMasterThreads}; {@code setMaxThreads} is a no-op in libnd4j 1.0.0-M2.1, set anyway) and
 * the BLAS library ({@code openblas_set_num_threads} through {@code Blas.setMaxThreads}).
 *
 * <p>All three are process-wide. In {@code local[N]} the N tasks are threads of one JVM, so each worker gets one
 * thread by limiting the whole JVM to {@code spark.task.cpus} (1 by default): N tasks then use N cores without
 * oversubscription. On a cluster an executor with C cores runs C / task.cpus tasks; setting spark.task.cpus = C
 * (what submit/spark-submit-common.sh does) gives the single task all C threads. {@code OMP_NUM_THREADS} in the
 * environment has no effect on ND4J M2.1 (its OmpNumThreadsAction is a no-op).
 */
public final class Nd4jThreads {
    private static volatile int applied;
    private static int defaults;

    private Nd4jThreads() {}

    /** Limits ND4J to {@code threads} (>= 1) threads; cheap when already applied. */
    public static void limit(int threads) {
        int n = Math.max(1, threads);
        if (applied == n) {
            return;
        }
        synchronized (Nd4jThreads.class) {
            if (applied != n) {
                if (applied == 0) {
                    defaults = Nd4j.getEnvironment().maxMasterThreads();
                }
                Nd4j.getEnvironment().setMaxThreads(n);
                Nd4j.getEnvironment().setMaxMasterThreads(n);
                Nd4j.factory().blas().setMaxThreads(n);
                applied = n;
            }
        }
    }

    /** Undoes {@link #limit}: back to ND4J's own default (e.g. for driver-side work in local mode). */
    public static void restoreDefault() {
        synchronized (Nd4jThreads.class) {
            if (applied != 0) {
                int n = defaults;
                Nd4j.getEnvironment().setMaxThreads(n);
                Nd4j.getEnvironment().setMaxMasterThreads(n);
                Nd4j.factory().blas().setMaxThreads(n);
                applied = 0;
            }
        }
    }

    /** The limit last applied by {@link #limit}, 0 if none. */
    public static int applied() {
        return applied;
    }
}
