package org.capsnet.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The event log that README and conf/spark-defaults.conf.template tell users to turn on for the History Server works
 * with the project's classpath (it once failed on a jackson-core older than Spark's) and is complete after stop.
 */
@Tag("integration")
class EventLogTest {
    @TempDir
    Path events;

    @Test
    void anApplicationWithTheEventLogOnLeavesACompleteLogForTheHistoryServer() throws IOException {
        SparkConf conf = SparkSessions.configuration("capsnet event log test", "local[1]")
                .set("spark.ui.enabled", "false")
                .set("spark.eventLog.enabled", "true")
                .set("spark.eventLog.dir", events.toUri().toString());
        JavaSparkContext sc = new JavaSparkContext(conf);
        try {
            assertEquals(4L, sc.parallelize(List.of(1, 2, 3, 4), 2).count());
        } finally {
            sc.stop();
            SparkSession.clearActiveSession();
            SparkSession.clearDefaultSession();
        }
        List<Path> logs;
        try (Stream<Path> files = Files.list(events)) {
            logs = files.toList();
        }
        assertEquals(1, logs.size(), logs.toString());
        assertTrue(!logs.get(0).toString().endsWith(".inprogress"), "finished: " + logs);
        String log = Files.readString(logs.get(0));
        assertTrue(log.contains("SparkListenerJobEnd") && log.contains("SparkListenerApplicationEnd"), log);
    }
}
