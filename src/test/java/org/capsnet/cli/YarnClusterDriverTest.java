package org.capsnet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Properties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * As the driver of a YARN cluster-mode application, main returns on success and throws the exit code with the
 * one-line error on failure (System.exit would fail the application); anywhere else it exits as usual.
 */
class YarnClusterDriverTest {
    @TempDir
    Path tmp;

    @Test
    void onlyTheApplicationMastersClusterModeDriverCounts() {
        Properties am = new Properties();
        am.setProperty("spark.yarn.app.id", "application_1_0001");
        am.setProperty("spark.submit.deployMode", "cluster");
        assertTrue(YarnClusterDriver.isCurrent(am));

        Properties client = new Properties();
        client.setProperty("spark.submit.deployMode", "client");
        assertFalse(YarnClusterDriver.isCurrent(client));
        assertFalse(YarnClusterDriver.isCurrent(new Properties()));
    }

    @Test
    void successReturnsAndFailureThrowsTheCodeAndTheLine() {
        YarnClusterDriver.end(0, null);
        YarnClusterDriver.Failure f = assertThrows(
                YarnClusterDriver.Failure.class,
                () -> YarnClusterDriver.end(2, "capsnet: --data hdfs://nn/x is not a directory"));
        assertEquals(2, f.code());
        assertEquals("exit 2: capsnet: --data hdfs://nn/x is not a directory", f.getMessage());
        assertEquals(0, f.getStackTrace().length, "the message is the whole diagnostics");
        assertEquals(
                "exit 1: capsnet: exit code 1",
                assertThrows(YarnClusterDriver.Failure.class, () -> YarnClusterDriver.end(1, null))
                        .getMessage());
    }

    @Test
    void executeKeepsTheOneLineErrorItPrinted() {
        String missing = tmp.resolve("no-such-dir").toString();
        PrintStream oldErr = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        CapsNetMain.Outcome outcome;
        try {
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            outcome = CapsNetMain.execute("train", "--master", "none", "--data", missing);
        } finally {
            System.setErr(oldErr);
        }
        assertEquals(2, outcome.code());
        assertEquals(err.toString(StandardCharsets.UTF_8).strip(), outcome.errorLine());
        assertTrue(
                outcome.errorLine().startsWith("capsnet: ")
                        && outcome.errorLine().contains(missing),
                outcome.errorLine());

        CapsNetMain.Outcome badOption = CapsNetMain.execute("train", "--epochs");
        assertEquals(2, badOption.code());
        assertTrue(badOption.errorLine().startsWith("capsnet: "), badOption.errorLine());
    }
}
