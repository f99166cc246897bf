package org.capsnet.spark;

import org.apache.spark.SparkConf;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.serializer.KryoSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one place where the application's SparkContext is made. Settings from spark-submit (spark.* system
 * properties) win: the master given here is used only when spark.master is not already set. Adds Kryo with ND4J's
 * registrator (through {@link CapsNetKryoRegistrator}, which first sets OpenBLAS's core type in executors and
 * copies ND4J arrays in bulk) for the parameters and optimiser state that every averaging round ships.
 */
public final class SparkSessions {
    private static final Logger LOG = LoggerFactory.getLogger(SparkSessions.class);

    public static final String REGISTRATOR = CapsNetKryoRegistrator.class.getName();

    private SparkSessions() {}

    /** The configuration {@link #start} uses; {@code master} applies only if spark.master is not set. */
    public static SparkConf configuration(String appName, String master) {
        SparkConf conf = new SparkConf();
        if (!conf.contains("spark.master")) {
            conf.setMaster(master);
        } else if (master != null && !master.equals(conf.get("spark.master"))) {
            LOG.info(
                    "spark.master {} (from spark-submit) is used; --master {} ignored",
                    conf.get("spark.master"),
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
        return conf;
    }

    /** Starts the context; the caller stops it (in finally). */
    public static JavaSparkContext start(String appName, String master) {
        JavaSparkContext sc = new JavaSparkContext(configuration(appName, master));
        LOG.info("Spark {} master {} default parallelism {}", sc.version(), sc.master(), sc.defaultParallelism());
        return sc;
    }
}
