package org.capsnet.spark;

import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInfo;

/**
 * Owns the Spark lifecycle of a test class: one context made by {@link SparkSessions} (so tests see the
 * application's Kryo and time-source settings) on local[2], or the master named by {@link SparkMaster} on the
 * class; stopped, and sessions cleared, in finally.
 */
abstract class SharedSparkContext {
    protected static JavaSparkContext sc;

    @BeforeAll
    static void startSpark(TestInfo info) {
        String master = info.getTestClass()
                .map(c -> c.getAnnotation(SparkMaster.class))
                .map(SparkMaster::value)
                .orElse("local[2]");
        System.setProperty("spark.ui.enabled", "false");
        try {
            sc = SparkSessions.start("capsnet-spark-test", master);
        } finally {
            System.clearProperty("spark.ui.enabled");
        }
        sc.setLogLevel("WARN");
    }

    @AfterAll
    static void stopSpark() {
        try {
            if (sc != null) {
                sc.stop();
            }
        } finally {
            sc = null;
            SparkSession.clearActiveSession();
            SparkSession.clearDefaultSession();
            Nd4jThreads.restoreDefault();
        }
    }
}
