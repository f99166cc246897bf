package org.capsnet.cli;

import java.util.Properties;

/**
 * How {@link CapsNetMain#main} ends as the driver of a YARN application in cluster deploy mode, where it runs in a
 * thread of Spark's ApplicationMaster. System.exit there would end the application FAILED whatever the code (the
 * AM's shutdown hook reports "Shutdown hook called before final status was reported", and YARN may start another
 * attempt), so main returns on success and throws {@link Failure} otherwise. The AM reports the exception's message,
 * {@code exit N: capsnet: ...}, in the application's diagnostics, where submit/spark-submit-yarn.sh finds the exit
 * code and the one-line error.
 */
final class YarnClusterDriver {
    private YarnClusterDriver() {}

    /** True inside a YARN ApplicationMaster in cluster mode: it sets these system properties before main runs. */
    static boolean isCurrent(Properties system) {
        return system.getProperty("spark.yarn.app.id") != null
                && "cluster".equals(system.getProperty("spark.submit.deployMode"));
    }

    /** Returns when {@code code} is 0; otherwise throws a {@link Failure} carrying the code and the error line. */
    static void end(int code, String errorLine) {
        if (code != CapsNetMain.EXIT_OK) {
            throw new Failure(code, errorLine);
        }
    }

    /** A command that ended with a non-zero exit code in the ApplicationMaster. */
    static final class Failure extends RuntimeException {
        private final int code;

        Failure(int code, String errorLine) {
            super(
                    "exit " + code + ": " + (errorLine == null ? "capsnet: exit code " + code : errorLine),
                    null,
                    false,
                    false); // the message is the whole story: no stack trace in the AM's diagnostics
            this.code = code;
        }

        int code() {
            return code;
        }
    }
}
