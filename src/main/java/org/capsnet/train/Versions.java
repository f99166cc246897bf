package org.capsnet.train;

import java.util.LinkedHashMap;
import java.util.Map;

/** Versions of the software a model was made with, from the jar manifests. */
final class Versions {
    private Versions() {
    }

    static Map<String, String> current() {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("capsnet", orDev(Versions.class.getPackage().getImplementationVersion()));
        v.put("java", System.getProperty("java.version"));
        v.put("deeplearning4j", orDev(org.deeplearning4j.nn.graph.ComputationGraph.class.getPackage()
                .getImplementationVersion()));
        v.put("nd4j-backend", backend());
        v.put("spark", sparkVersion());
        return v;
    }

    private static String backend() {
        try {
            return org.nd4j.linalg.factory.Nd4j.getBackend().getClass().getSimpleName();
        } catch (RuntimeException e) {
            return "unknown";
        }
    }

    private static String sparkVersion() {
        try {
            return (String) Class.forName("org.apache.spark.package$").getField("MODULE$").getType()
                    .getMethod("SPARK_VERSION").invoke(Class.forName("org.apache.spark.package$")
                            .getField("MODULE$").get(null));
        } catch (ReflectiveOperationException | LinkageError e) {
            return "none";
        }
    }

    private static String orDev(String version) {
        return version == null ? "dev" : version;
    }
}
