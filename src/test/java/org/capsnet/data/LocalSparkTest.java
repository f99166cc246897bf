package org.capsnet.data;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** Base class owning one local[2] SparkSession for the test class; stopped (and sessions cleared) in finally. */
abstract class LocalSparkTest {
    protected static SparkSession spark;
    protected static JavaSparkContext sc;

    @BeforeAll
    static void startSpark() {
        SparkConf conf = new SparkConf()
                .setMaster("local[2]")
                .setAppName("capsnet-data-test")
                .set("spark.ui.enabled", "false")
                .set("spark.sql.shuffle.partitions", "2");
        spark = SparkSession.builder().config(conf).getOrCreate();
        sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        sc.setLogLevel("WARN");
    }

    @AfterAll
    static void stopSpark() {
        try {
            if (spark != null) {
                spark.stop();
            }
        } finally {
            spark = null;
            sc = null;
            SparkSession.clearActiveSession();
            SparkSession.clearDefaultSession();
        }
    }
}
