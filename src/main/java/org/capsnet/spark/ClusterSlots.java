package org.capsnet.spark;

import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaSparkContext;
import org.capsnet.InvalidInputException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How many workers a run gets: one per task slot (executor cores / spark.task.cpus) of the registered executors,
 * not Spark's default parallelism (which counts cores, and is at least 2). On a cluster, executors register after
 * the context starts, so this waits until the slots stop changing (or spark.executor.instances executors are
 * there), for at most the configured time.
 */
public final class ClusterSlots {
    private static final Logger LOG = LoggerFactory.getLogger(ClusterSlots.class);
    private static final long POLL_MILLIS = 250;
    private static final long STABLE_MILLIS = 3000;

    private ClusterSlots() {}

    /** The worker count for {@code config} on {@code sc}: its request, checked against the slots, or the slots. */
    public static int workers(JavaSparkContext sc, SparkTrainerConfig config) {
        int slots = await(sc, config.executorWaitSeconds());
        if (config.workers() > slots) {
            throw new InvalidInputException("--workers " + config.workers() + " is more than the " + slots
                    + " task slots of the registered executors (" + sc.master() + "): ask for at most " + slots
                    + " or give the application more executor cores");
        }
        return config.workers() > 0 ? config.workers() : slots;
    }

    /** The task slots once executors have registered. */
    static int await(JavaSparkContext sc, int timeoutSeconds) {
        SparkContext context = sc.sc();
        if (sc.isLocal()) {
            return Math.max(1, slots(context));
        }
        int expected = context.conf().getInt("spark.executor.instances", 0);
        long deadline = System.nanoTime() + timeoutSeconds * 1_000_000_000L;
        int last = -1;
        long since = System.nanoTime();
        while (true) {
            int slots = slots(context);
            int executors = context.statusTracker().getExecutorInfos().length - 1; // minus the driver
            if (slots != last) {
                last = slots;
                since = System.nanoTime();
            }
            boolean stable = System.nanoTime() - since >= STABLE_MILLIS * 1_000_000L;
            if (slots > 0 && (expected > 0 ? executors >= expected : stable)) {
                LOG.info("{} executors registered with {} task slots", executors, slots);
                return slots;
            }
            if (System.nanoTime() > deadline) {
                if (slots > 0) {
                    LOG.warn(
                            "only {} of {} executors registered after {} s; training with their {} task slots",
                            executors,
                            expected,
                            timeoutSeconds,
                            slots);
                    return slots;
                }
                throw new InvalidInputException("no executor registered with " + sc.master() + " within "
                        + timeoutSeconds + " s: check that the cluster has free cores and memory for this "
                        + "application");
            }
            try {
                Thread.sleep(POLL_MILLIS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for executors", e);
            }
        }
    }

    private static int slots(SparkContext context) {
        return context.maxNumConcurrentTasks(context.resourceProfileManager().defaultResourceProfile());
    }
}
