package org.capsnet.spark;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.serializer.KryoSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where the application's SparkContext is made. Settings from spark-submit (spark.* system
 * properties) win: the master given here is used only when spark.master is not already set. Adds what dl4j-spark
 * needs: Kryo with ND4J's registrator (through {@link CapsNetKryoRegistrator}, which first sets OpenBLAS's core
 * type in executors), and its system-clock time source for training stats (instead of NTP queries) on the driver
 * and on executors.
 */
public final class SparkSessions {
    private static final Logger LOG = LoggerFactory.getLogger(SparkSessions.class);

    public static final String TIME_SOURCE_PROPERTY = "org.deeplearning4j.spark.time.TimeSource";
    public static final String SYSTEM_CLOCK = "org.deeplearning4j.spark.time.SystemClockTimeSource";
    public static final String REGISTRATOR = CapsNetKryoRegistrator.class.getName();

    private SparkSessions() {
    }

    /** The configuration {@link #start} uses; {@code master} applies only if spark.master is not set. */
    public static SparkConf configuration(String appName, String master) {
        SparkConf conf = new SparkConf();
        if (!conf.contains("spark.master")) {
            conf.setMaster(master);
        } else if (master != null && !master.equals(conf.get("spark.master"))) {
            LOG.info("spark.master {} (from spark-submit) is used; --master {} ignored", conf.get("spark.master"),
                    master);
        }
        conf.setIfMissing("spark.app.name", appName);
        conf.setIfMissing("spark.serializer", KryoSerializer.class.getName());
        conf.setIfMissing("spark.kryo.registrator", REGISTRATOR);
        conf.setIfMissing("spark.kryoserializer.buffer.max", "512m");
        conf.setIfMissing("spark.driver.maxResultSize", "2g");
        conf.setIfMissing("spark.speculation", "false");
        // Parameters and Adam state (float noise to a compressor) are broadcast every averaging round. (Returning
        // them as direct task results, spark.task.maxDirectResultSize=128m, saved a little more in local mode but
        // ran 1 GB executors out of heap on the standalone cluster: left at Spark's default.)
        conf.setIfMissing("spark.broadcast.compress", "false");
        String timeSource = "-D" + TIME_SOURCE_PROPERTY + "=" + SYSTEM_CLOCK;
        String executorOpts = conf.get("spark.executor.extraJavaOptions", "");
        if (!executorOpts.contains(TIME_SOURCE_PROPERTY)) {
            conf.set("spark.executor.extraJavaOptions", (executorOpts + " " + timeSource).trim());
        }
        return conf;
    }

    /** Starts the context; the caller stops it (in finally). */
    public static JavaSparkContext start(String appName, String master) {
        if (System.getProperty(TIME_SOURCE_PROPERTY) == null) {
            System.setProperty(TIME_SOURCE_PROPERTY, SYSTEM_CLOCK);
        }
        JavaSparkContext sc = new JavaSparkContext(configuration(appName, master));
        LOG.info("Spark {} master {} default parallelism {}", sc.version(), sc.master(), sc.defaultParallelism());
        return sc;
    }
}
