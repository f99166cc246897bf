package org.capsnet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The info command in-process, and the launcher script end to end (it needs target/classes and classpath.txt). */
@Tag("integration")
class InfoCommandTest {
    @TempDir
    Path dir;

    @Test
    void infoReportsVersionsAndRunsAnNd4jOp() {
        CommandLine cli = CapsNetMain.commandLine(ConfigFileDefaults.none());
        StringWriter out = new StringWriter();
        cli.setOut(new PrintWriter(out));
        assertEquals(0, cli.execute("info"));
        String text = out.toString();
        assertTrue(text.contains("spark         3.5"), text);
        assertTrue(text.contains("hadoop        client 3.3.4"), text);
        assertTrue(text.contains("CpuBackend") && text.contains("matmul ok"), text);
    }

    @Test
    void launcherRunsFromAnyDirectoryWithAConfigurationFile() throws Exception {
        Path conf = dir.resolve("empty.properties");
        Files.writeString(conf, "# nothing\n");
        Result result = launch(conf, "info");
        assertEquals(0, result.code, result.err);
        assertTrue(result.out.contains("matmul ok"), result.out);
    }

    @Test
    void launcherExitsTwoOnABadConfigurationKey() throws Exception {
        Path conf = dir.resolve("bad.properties");
        Files.writeString(conf, "info.no-such-option=1\n");
        Result result = launch(conf, "info");
        assertEquals(2, result.code, result.err);
        List<String> lines = result.err.strip().lines().toList();
        assertEquals(1, lines.size(), result.err);
        assertTrue(lines.get(0).contains("info.no-such-option") && lines.get(0).contains(conf.toString()), result.err);
    }

    @Test
    void launcherExitsTwoOnAnOpenBlasCoreTypeThatIsNoCoreType() throws Exception {
        Path conf = dir.resolve("empty.properties");
        Files.writeString(conf, "# nothing\n");
        Result result = launch(conf, Map.of("CAPSNET_OPENBLAS_CORETYPE", "skylake-x"), "info");
        assertEquals(2, result.code, result.err);
        List<String> lines = result.err.strip().lines().toList();
        assertEquals(1, lines.size(), result.err);
        assertTrue(lines.get(0).startsWith("capsnet: CAPSNET_OPENBLAS_CORETYPE must be"), result.err);
    }

    private record Result(int code, String out, String err) {}

    private Result launch(Path conf, String... args) throws IOException, InterruptedException {
        return launch(conf, Map.of(), args);
    }

    private Result launch(Path conf, Map<String, String> environment, String... args)
            throws IOException, InterruptedException {
        Path launcher = Path.of("submit/capsnet").toAbsolutePath();
        List<String> command = new java.util.ArrayList<>(List.of(launcher.toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile());
        pb.environment().put("CAPSNET_CONF", conf.toString());
        pb.environment().put("JAVA_OPTS", "-Xmx512m");
        pb.environment().putAll(environment);
        pb.redirectOutput(dir.resolve("out.txt").toFile())
                .redirectError(dir.resolve("err.txt").toFile());
        Process process = pb.start();
        assertTrue(process.waitFor(120, TimeUnit.SECONDS), "launcher did not finish in 120 s");
        return new Result(
                process.exitValue(),
                Files.readString(dir.resolve("out.txt"), StandardCharsets.UTF_8),
                Files.readString(dir.resolve("err.txt"), StandardCharsets.UTF_8));
    }
}
