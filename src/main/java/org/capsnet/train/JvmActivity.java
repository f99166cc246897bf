package org.capsnet.train;

import java.lang.management.CompilationMXBean;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;

/**
 * Milliseconds the JVM has spent compiling (its JIT compiler threads) and collecting garbage, from its management
 * beans: taken before and after timed training steps, the difference says how much of their time was the JVM's own
 * work rather than training. On 2 cores a compiler thread takes a core from training while it runs.
 *
 * @param compileMs accumulated compilation time, or -1 where the JVM does not report it
 * @param gcMs      accumulated collection time of all collectors
 */
record JvmActivity(long compileMs, long gcMs) {

    static JvmActivity now() {
        CompilationMXBean jit = ManagementFactory.getCompilationMXBean();
        long compile = jit != null && jit.isCompilationTimeMonitoringSupported() ? jit.getTotalCompilationTime() : -1;
        long gc = 0;
        for (GarbageCollectorMXBean collector : ManagementFactory.getGarbageCollectorMXBeans()) {
            gc += Math.max(0, collector.getCollectionTime());
        }
        return new JvmActivity(compile, gc);
    }

    /** The activity between {@code start} and this reading (compile time -1 if either is unknown). */
    JvmActivity since(JvmActivity start) {
        long compile = compileMs < 0 || start.compileMs < 0 ? -1 : compileMs - start.compileMs;
        return new JvmActivity(compile, gcMs - start.gcMs);
    }
}
