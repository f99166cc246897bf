package org.capsnet.io;

import org.apache.hadoop.conf.Configuration;

/**
 * The Hadoop configuration of {@link StoragePath}s that are not local, built once: the Hadoop files on the
 * classpath ({@code core-site.xml}, {@code hdfs-site.xml}; spark-submit adds {@code HADOOP_CONF_DIR}) plus every
 * {@code spark.hadoop.KEY} system property as {@code KEY}, the way Spark builds its own. Under spark-submit the
 * driver's Spark settings are system properties, so {@code --conf spark.hadoop.fs.s3a.endpoint=...} reaches the
 * files the driver reads and writes as it reaches Spark's readers.
 */
public final class HadoopConf {
    private static final String SPARK_PREFIX = "spark.hadoop.";

    private HadoopConf() {}

    /** The shared configuration (do not modify it). */
    public static Configuration get() {
        return Holder.CONF;
    }

    /** A new configuration from the classpath and the given {@code spark.hadoop.*} properties. */
    static Configuration build(java.util.Properties properties) {
        Configuration conf = new Configuration();
        for (String key : properties.stringPropertyNames()) {
            if (key.startsWith(SPARK_PREFIX) && key.length() > SPARK_PREFIX.length()) {
                conf.set(key.substring(SPARK_PREFIX.length()), properties.getProperty(key));
            }
        }
        return conf;
    }

    private static final class Holder {
        static final Configuration CONF = build(System.getProperties());
    }
}
