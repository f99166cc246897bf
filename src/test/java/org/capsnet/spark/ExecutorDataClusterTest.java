package org.capsnet.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Field;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Configuration;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.capsnet.data.DataSource;
import org.capsnet.data.ExampleReaders;
import org.capsnet.data.TestData;
import org.capsnet.io.MiniHdfs;
import org.capsnet.io.StoragePath;
import org.capsnet.model.CapsNetConfig;
import org.capsnet.train.CheckpointPolicy;
import org.capsnet.train.EpochRecord;
import org.capsnet.train.ProgressBar;
import org.capsnet.train.TrainingConfig;
import org.capsnet.train.TrainingJob;
import org.capsnet.train.TrainingLoop;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The executors of a standalone cluster on loopback ({@link LocalCluster}, two 1-core workers) read the training and
 * test data themselves, from a file:// URI and from hdfs:// (an in-process MiniDFSCluster); the driver runs in this
 * JVM and holds none of it. Every task Spark launches is small: the scheduler's log of each task's serialised size
 * stays in the KB, and there is no "very large size" (tasks over 1000 KiB) or "large task binary" warning.
 */
@Tag("integration")
class ExecutorDataClusterTest {
    /** Well under Spark's 1000 KiB warning: a task carries a {@link ShardTask} (or an evaluation slice). */
    private static final int SMALL_TASK_BYTES = 64 * 1024;

    @RegisterExtension
    static final LocalClusterExtension CLUSTER = new LocalClusterExtension(2);

    @TempDir
    static Path tmp;

    @Test
    void executorsReadTheDataFromAFileUri() throws Exception {
        Path data = tmp.resolve("mnist");
        TestData.mnistSubset(data, 200, 20);
        trainOneEpochOnTheCluster(data.toUri().toString());
    }

    @Test
    void executorsReadTheDataFromHdfs() throws Exception {
        String data = MiniHdfs.shared().uri("/data/mnist-executors");
        TestData.mnistSubset(StoragePath.of(data), 200, 20);
        trainOneEpochOnTheCluster(data);
    }

    private void trainOneEpochOnTheCluster(String data) throws Exception {
        CapsNetConfig arch = CapsNetConfig.builder().decoderHidden().build();
        TrainingConfig config =
                TrainingConfig.builder().epochs(1).batchSize(25).seed(3).build();
        // 8 minibatches, 2 workers x 2 per round: 2 rounds; 20 test digits scored on the executors.
        SparkTrainerConfig spark =
                SparkTrainerConfig.builder().workers(2).averagingFrequency(2).build();
        TrainingJob.Paths paths = new TrainingJob.Paths(
                new DataSource(StoragePath.of(data), null, 20),
                StoragePath.local(tmp.resolve("model.zip")),
                null,
                null,
                false);
        ExampleReaders.clear();

        TrainingLoop.Result result;
        try (TaskLog tasks = new TaskLog()) {
            JavaSparkContext sc = new JavaSparkContext(CLUSTER.get().driverConf("capsnet-executor-data-test"));
            try {
                assertFalse(sc.isLocal());
                result = SparkTraining.run(
                        sc, arch, config, spark, paths, CheckpointPolicy.END_OF_EPOCH, ProgressBar.silent());
            } finally {
                sc.stop();
                SparkSession.clearActiveSession();
                SparkSession.clearDefaultSession();
            }
            assertEquals(List.of(), tasks.warnings(), "Spark's warnings about task sizes");
            List<Integer> sizes = tasks.launchedTaskBytes();
            assertTrue(sizes.size() >= 4, "2 rounds x 2 tasks and the evaluation: " + sizes);
            assertTrue(sizes.stream().allMatch(b -> b < SMALL_TASK_BYTES), "task sizes in bytes: " + sizes);
        }
        EpochRecord epoch = result.epochs().get(0);
        assertEquals(200L, epoch.examples(), epoch.toString());
        assertEquals(2, epoch.rounds(), epoch.toString());
        assertEquals(20L, epoch.testExamples(), epoch.toString());
        assertTrue(
                readersInThisJvm().isEmpty(),
                "the driver opened no examples: " + readersInThisJvm().keySet());
    }

    /** The examples read in this JVM ({@link ExampleReaders}' cache, which has no public view). */
    private static Map<?, ?> readersInThisJvm() throws ReflectiveOperationException {
        Field readers = ExampleReaders.class.getDeclaredField("READERS");
        readers.setAccessible(true);
        return (Map<?, ?>) readers.get(null);
    }

    /**
     * Captures the scheduler's task-size messages while open: TaskSetManager's INFO "Starting task ... (..., N
     * bytes)" of every launched task and its WARN "... contains a task of very large size", and DAGScheduler's WARN
     * "Broadcasting large task binary". Only to this appender (not the console), and removed on close.
     */
    private static final class TaskLog extends AbstractAppender implements AutoCloseable {
        private static final String TASK_SET_MANAGER = "org.apache.spark.scheduler.TaskSetManager";
        private static final String DAG_SCHEDULER = "org.apache.spark.scheduler.DAGScheduler";
        private static final Pattern STARTING = Pattern.compile("^Starting task .*, (\\d+) bytes\\)");

        private final List<LogEvent> events = new CopyOnWriteArrayList<>();
        private final LoggerContext context = (LoggerContext) LogManager.getContext(false);

        TaskLog() {
            super("task-sizes", null, null, true, Property.EMPTY_ARRAY);
            start();
            Configuration config = context.getConfiguration();
            config.addAppender(this);
            for (String logger : List.of(TASK_SET_MANAGER, DAG_SCHEDULER)) {
                LoggerConfig own = new LoggerConfig(logger, Level.INFO, false);
                own.addAppender(this, Level.INFO, null);
                config.addLogger(logger, own);
            }
            context.updateLoggers();
        }

        @Override
        public void append(LogEvent event) {
            events.add(event.toImmutable());
        }

        List<String> warnings() {
            return events.stream()
                    .filter(e -> e.getLevel().isMoreSpecificThan(Level.WARN))
                    .map(e -> e.getMessage().getFormattedMessage())
                    .filter(m -> m.contains("very large size") || m.contains("large task binary"))
                    .toList();
        }

        List<Integer> launchedTaskBytes() {
            return events.stream()
                    .filter(e -> e.getLoggerName().equals(TASK_SET_MANAGER))
                    .map(e -> STARTING.matcher(e.getMessage().getFormattedMessage()))
                    .filter(Matcher::find)
                    .map(m -> Integer.parseInt(m.group(1)))
                    .toList();
        }

        @Override
        public void close() {
            Configuration config = context.getConfiguration();
            config.removeLogger(TASK_SET_MANAGER);
            config.removeLogger(DAG_SCHEDULER);
            context.updateLoggers();
            stop();
        }
    }
}
