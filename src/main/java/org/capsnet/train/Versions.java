package org.capsnet.train;

import java.util.LinkedHashMap;
import java.util.Map;
import org.capsnet.BuildInfo;

/** Versions of the software a model was made with, for its provenance. */
public final class Versions {
    private Versions() {}

    public static Map<String, String> current() {
        Map<String, String> v = new LinkedHashMap<>();
        v.put("capsnet", BuildInfo.projectVersion());
        v.put("java", System.getProperty("java.version"));
        v.put("deeplearning4j", BuildInfo.version("deeplearning4j"));
        v.put("dl4j-spark", BuildInfo.version("dl4j-spark"));
        v.put("spark", BuildInfo.version("spark"));
        v.put("nd4j-backend", backend());
        return v;
    }

    private static String backend() {
        try {
            return org.nd4j.linalg.factory.Nd4j.getBackend().getClass().getSimpleName();
        } catch (RuntimeException e) {
            return "unknown";
        }
    }
}
