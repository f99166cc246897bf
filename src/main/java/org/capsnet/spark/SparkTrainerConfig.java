package org.capsnet.spark;

import org.apache.spark.storage.StorageLevel;
import org.capsnet.InvalidInputException;

/**
 * How the distributed trainer splits the work: data-parallel workers (0: the context's default parallelism),
 * minibatches per worker between parameter averages, where the epoch's augmented minibatches are kept, and ND4J
 * threads per worker (0: spark.task.cpus).
 */
public final class SparkTrainerConfig {
    private final int workers;
    private final int averagingFrequency;
    private final StorageLevel storageLevel;
    private final int threadsPerWorker;

    private SparkTrainerConfig(Builder b) {
        workers = b.workers;
        averagingFrequency = b.averagingFrequency;
        storageLevel = b.storageLevel;
        threadsPerWorker = b.threadsPerWorker;
    }

    public static Builder builder() {
        return new Builder();
    }

    public int workers() { return workers; }
    public int averagingFrequency() { return averagingFrequency; }
    public StorageLevel storageLevel() { return storageLevel; }
    public int threadsPerWorker() { return threadsPerWorker; }

    /** The workers to use on a context whose default parallelism is {@code defaultParallelism}. */
    public int workersOn(int defaultParallelism) {
        return workers > 0 ? workers : Math.max(1, defaultParallelism);
    }

    @Override
    public String toString() {
        return "SparkTrainerConfig{workers=" + (workers == 0 ? "default" : workers) + ", averagingFrequency="
                + averagingFrequency + ", storageLevel=" + storageLevel.description() + ", threadsPerWorker="
                + (threadsPerWorker == 0 ? "task.cpus" : threadsPerWorker) + "}";
    }

    public static final class Builder {
        private int workers;
        private int averagingFrequency = 5;
        private StorageLevel storageLevel = StorageLevel.MEMORY_ONLY();
        private int threadsPerWorker;

        private Builder() {
        }

        public Builder workers(int v) { workers = v; return this; }
        public Builder averagingFrequency(int v) { averagingFrequency = v; return this; }
        public Builder storageLevel(StorageLevel v) { storageLevel = v; return this; }
        /** Storage level by name, as {@link StorageLevel#fromString} (MEMORY_ONLY, MEMORY_AND_DISK_SER, ...). */
        public Builder storageLevel(String name) {
            try {
                storageLevel = StorageLevel.fromString(name);
            } catch (IllegalArgumentException e) {
                throw new InvalidInputException("--storage-level: unknown storage level '" + name + "'");
            }
            return this;
        }
        public Builder threadsPerWorker(int v) { threadsPerWorker = v; return this; }

        public SparkTrainerConfig build() {
            if (workers < 0) {
                throw new InvalidInputException("--workers must be >= 0 (0 = default parallelism), got " + workers);
            }
            if (averagingFrequency < 1) {
                throw new InvalidInputException("--averaging-frequency must be >= 1, got " + averagingFrequency);
            }
            if (threadsPerWorker < 0) {
                throw new InvalidInputException("--threads-per-worker must be >= 0, got " + threadsPerWorker);
            }
            return new SparkTrainerConfig(this);
        }
    }
}
