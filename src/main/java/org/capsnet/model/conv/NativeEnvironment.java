package org.capsnet.model.conv;

/**
 * The environment variables the native libraries read once, when ND4J loads them: OpenBLAS's core type
 * ({@link OpenBlasCoreType}), OpenMP's wait policy and OpenBLAS's thread timeout. Call {@link #configure()} before
 * anything touches ND4J: first thing in {@code main}, in each Spark executor (the Kryo registrator does), and at the
 * start of a test run. A value the environment already has is kept.
 *
 * <p>Why. A training step alternates libnd4j's OpenMP ops, OpenBLAS's threads and the Java loops of
 * {@code org.capsnet.host}; on 2 cores, threads that wait by spinning take the CPU the next piece needs.
 *
 * <ul>
 *   <li>{@code OMP_WAIT_POLICY=PASSIVE}: libgomp's workers spin after each parallel region by default. Measured on
 *       the AMD EPYC (batch 32, quiet machine, same build): 108 images/s spinning, 142 passive; tiny layers whose
 *       backward took 11 ms (waiting for a core) take under 1 ms.
 *   <li>{@code OPENBLAS_THREAD_TIMEOUT=12}: an idle OpenBLAS worker calls sched_yield for 2^28 cycles (about 0.1 s)
 *       before it sleeps, so between two gemms it competes with everything else (17% of a step's CPU samples were
 *       sched_yield). With 2^12 cycles it sleeps at once; waking it costs microseconds per gemm. Measured on the same
 *       machine: 129-136 images/s by default, 144-158 with 4 to 24 (no clear best inside that range).
 * </ul>
 */
public final class NativeEnvironment {
    public static final String OMP_WAIT_POLICY = "OMP_WAIT_POLICY";
    public static final String OPENBLAS_THREAD_TIMEOUT = "OPENBLAS_THREAD_TIMEOUT";
    private static volatile String waitPolicy;
    private static volatile String threadTimeout;

    private NativeEnvironment() {}

    /** Sets OpenBLAS's core type and thread timeout and OpenMP's wait policy in this process; once. */
    public static synchronized void configure() {
        OpenBlasCoreType.configure();
        if (waitPolicy == null) {
            waitPolicy = setUnlessInherited(OMP_WAIT_POLICY, "PASSIVE");
            threadTimeout = setUnlessInherited(OPENBLAS_THREAD_TIMEOUT, "12");
        }
    }

    /** Sets {@code name} to {@code value} unless the environment has it; returns the value and where it came from. */
    private static String setUnlessInherited(String name, String value) {
        String inherited = System.getenv(name);
        if (inherited != null && !inherited.isBlank()) {
            return inherited + " (environment)";
        }
        try {
            ProcessEnvironment.set(name, value);
            return value;
        } catch (IllegalStateException e) {
            System.err.println("NativeEnvironment: could not set " + name + ": " + e);
            return "default (not set)";
        }
    }

    /** The OpenMP wait policy this process runs with, and where it came from. */
    public static String openMpWaitPolicy() {
        configure();
        return waitPolicy;
    }

    /** OpenBLAS's thread timeout (log2 of the cycles an idle worker spins) this process runs with. */
    public static String openBlasThreadTimeout() {
        configure();
        return threadTimeout;
    }
}
