package org.capsnet.spark;

import java.io.Serializable;
import org.capsnet.InvalidInputException;
import org.capsnet.InvalidSettingException;

/**
 * How the distributed trainer splits the work: data-parallel workers (0: one per task slot of the registered
 * executors), minibatches per worker between parameter averages, the depth of the tree that sums the workers'
 * parameters, ND4J threads per worker (0: spark.task.cpus), and how long to wait for executors to register.
 */
public final class SparkTrainerConfig implements Serializable {
    private static final long serialVersionUID = 1L;

    private final int workers;
    private final int averagingFrequency;
    private final int treeDepth;
    private final int threadsPerWorker;
    private final int executorWaitSeconds;

    private SparkTrainerConfig(Builder b) {
        workers = b.workers;
        averagingFrequency = b.averagingFrequency;
        treeDepth = b.treeDepth;
        threadsPerWorker = b.threadsPerWorker;
        executorWaitSeconds = b.executorWaitSeconds;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Requested workers, 0 for one per task slot. */
    public int workers() {
        return workers;
    }

    public int averagingFrequency() {
        return averagingFrequency;
    }

    public int treeDepth() {
        return treeDepth;
    }

    public int threadsPerWorker() {
        return threadsPerWorker;
    }

    public int executorWaitSeconds() {
        return executorWaitSeconds;
    }

    @Override
    public String toString() {
        return "SparkTrainerConfig{workers=" + (workers == 0 ? "task slots" : workers) + ", averagingFrequency="
                + averagingFrequency + ", treeDepth=" + treeDepth + ", threadsPerWorker="
                + (threadsPerWorker == 0 ? "task.cpus" : threadsPerWorker) + "}";
    }

    public static final class Builder {
        private int workers;
        private int averagingFrequency = 5;
        private int treeDepth = 2;
        private int threadsPerWorker;
        private int executorWaitSeconds = 120;

        private Builder() {}

        public Builder workers(int v) {
            workers = v;
            return this;
        }

        public Builder averagingFrequency(int v) {
            averagingFrequency = v;
            return this;
        }

        public Builder treeDepth(int v) {
            treeDepth = v;
            return this;
        }

        public Builder threadsPerWorker(int v) {
            threadsPerWorker = v;
            return this;
        }

        public Builder executorWaitSeconds(int v) {
            executorWaitSeconds = v;
            return this;
        }

        public SparkTrainerConfig build() {
            if (workers < 0) {
                throw new InvalidSettingException("{workers} must be >= 0 (0 = one per task slot), got " + workers);
            }
            if (averagingFrequency < 1) {
                throw new InvalidSettingException("{averagingFrequency} must be >= 1, got " + averagingFrequency);
            }
            if (treeDepth < 1) {
                throw new InvalidSettingException("{treeDepth} must be >= 1, got " + treeDepth);
            }
            if (threadsPerWorker < 0) {
                throw new InvalidSettingException("{threadsPerWorker} must be >= 0, got " + threadsPerWorker);
            }
            if (executorWaitSeconds < 0) {
                throw new InvalidInputException("executor wait must be >= 0 s, got " + executorWaitSeconds);
            }
            return new SparkTrainerConfig(this);
        }
    }
}
