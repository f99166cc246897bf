package org.capsnet.model.conv;

import com.sun.jna.Native;

/**
 * The environment variables the native libraries read once, when ND4J loads them: OpenBLAS's core type
 * ({@link OpenBlasCoreType}) and OpenMP's wait policy. Call {@link #configure()} before anything touches ND4J: first
 * thing in {@code main}, in each Spark executor (the Kryo registrator does), and at the start of a test run.
 *
 * <p>Wait policy. libgomp's worker threads spin after each parallel region by default (OMP_WAIT_POLICY=ACTIVE
 * in effect). A training step alternates libnd4j's OpenMP ops with OpenBLAS's threads and the Java loops of
 * {@code org.capsnet.host}, so on 2 cores the spinning threads take the CPU the next piece needs. Measured on the
 * AMD EPYC (batch 32, quiet machine, same build): 108 images/s spinning, 142 with {@code PASSIVE}; tiny layers whose
 * backward took 11 ms (waiting for a core) take under 1 ms. A value the environment already has is kept.
 */
public final class NativeEnvironment {
    public static final String OMP_WAIT_POLICY = "OMP_WAIT_POLICY";
    private static final String PASSIVE = "PASSIVE";
    private static volatile String waitPolicy;

    private NativeEnvironment() {}

    /** Sets OpenBLAS's core type and OpenMP's wait policy in this process; a no-op after the first call. */
    public static synchronized void configure() {
        OpenBlasCoreType.configure();
        if (waitPolicy != null) {
            return;
        }
        String inherited = System.getenv(OMP_WAIT_POLICY);
        if (inherited != null && !inherited.isBlank()) {
            waitPolicy = inherited + " (environment)";
            return;
        }
        try {
            Native.loadLibrary("c", OpenBlasCoreType.CLibrary.class).setenv(OMP_WAIT_POLICY, PASSIVE, 0);
            waitPolicy = PASSIVE;
        } catch (Throwable e) {
            System.err.println("NativeEnvironment: could not set " + OMP_WAIT_POLICY + ": " + e);
            waitPolicy = "default (not set)";
        }
    }

    /** The OpenMP wait policy this process runs with, and where it came from. */
    public static String openMpWaitPolicy() {
        configure();
        return waitPolicy;
    }
}
