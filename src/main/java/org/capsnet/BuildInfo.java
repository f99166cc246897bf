package org.capsnet;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** Versions the project was built with (Maven-filtered {@code version.properties}): project, DL4J, Spark. */
public final class BuildInfo {
    private static final Properties VERSIONS = load();

    private BuildInfo() {}

    private static Properties load() {
        Properties p = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream("/org/capsnet/version.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read version.properties", e);
        }
        return p;
    }

    /** The version of {@code key} (version, deeplearning4j, dl4j-spark, spark), or "unknown". */
    public static String version(String key) {
        String v = VERSIONS.getProperty(key);
        return v == null || v.startsWith("${") ? "unknown" : v;
    }

    public static String projectVersion() {
        return version("version");
    }
}
