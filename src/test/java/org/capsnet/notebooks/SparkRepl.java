package org.capsnet.notebooks;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs the {@code %spark} paragraphs of a note, in order, in one real Spark REPL ({@code org.apache.spark.repl.Main}
 * of spark-repl_2.12, the Scala shell behind spark-shell) in a child JVM with a live {@code sc} and {@code spark}, as
 * Zeppelin's Spark interpreter runs them. The child gets what the note's {@code %spark.conf} paragraph gives
 * Zeppelin: its {@code spark.*} settings as system properties (which SparkConf reads), {@code spark.driver.memory}
 * and {@code spark.driver.extraJavaOptions} on its own command line (as spark-submit does for a client driver), and
 * the project jar of {@code spark.jars} on its classpath, next to Spark's own jars.
 *
 * <p>Each paragraph is compiled as one unit ({@code :paste FILE}) followed, in the same unit, by a marker line; a
 * compiler error or an exception skips the marker, and a guard before the next paragraph then ends the REPL, so
 * the first paragraph without its marker is the one that failed.
 */
final class SparkRepl {
    private static final String MARKER = "@@notebook-paragraph-ok ";
    private static final String OK_PROPERTY = "capsnet.notebook.paragraph.ok";
    private static final Pattern MARKER_LINE = Pattern.compile("^" + MARKER + "(\\d+)$", Pattern.MULTILINE);

    /** What a run gave: exit code (-1 on timeout), paragraphs that completed, the REPL's output. */
    record Outcome(int exitCode, int paragraphsPassed, int paragraphs, String output, Path outputFile) {
        boolean passed() {
            return exitCode == 0 && paragraphsPassed == paragraphs;
        }
    }

    private final Path projectJar;
    private final List<Path> sparkClasspath;
    private final String master;
    private final Duration timeout;

    /**
     * {@code projectJar}: the shaded jar (replaces the note's {@code spark.jars}); {@code sparkClasspath}: Spark's
     * jars (target/spark-classpath.txt); {@code master}: replaces the interpreter setting's master.
     */
    SparkRepl(Path projectJar, List<Path> sparkClasspath, String master, Duration timeout) {
        this.projectJar = projectJar;
        this.sparkClasspath = sparkClasspath;
        this.master = master;
        this.timeout = timeout;
    }

    /** Runs the note's %spark paragraphs in {@code workDir}; {@code overrides} become system properties. */
    Outcome run(ZeppelinNote note, Path workDir, Map<String, String> overrides)
            throws IOException, InterruptedException {
        String stem = note.fileName().replaceAll("\\.zpln$", "").replaceAll("[^A-Za-z0-9_.-]", "_");
        Path dir = Files.createDirectories(workDir.resolve("repl-" + stem));
        List<ZeppelinNote.Paragraph> paragraphs = note.paragraphs("spark");
        StringBuilder script = new StringBuilder();
        for (int i = 1; i <= paragraphs.size(); i++) {
            Path file = dir.resolve(String.format("paragraph-%02d.scala", i));
            Files.writeString(
                    file,
                    paragraphs.get(i - 1).body() + "\n" + "System.setProperty(\"" + OK_PROPERTY + "\", \"" + i
                            + "\"); println(\"" + MARKER + i + "\")\n",
                    StandardCharsets.UTF_8);
            if (i > 1) {
                script.append("if (System.getProperty(\"")
                        .append(OK_PROPERTY)
                        .append("\") != \"")
                        .append(i - 1)
                        .append("\") sys.exit(3)\n");
            }
            script.append(":paste ").append(file).append('\n');
        }
        script.append(":quit\n");
        Path input = Files.writeString(dir.resolve("input.txt"), script.toString(), StandardCharsets.UTF_8);
        Path output = dir.resolve("output.txt");

        ProcessBuilder pb = new ProcessBuilder(command(sparkConf(note), overrides))
                .directory(workDir.toFile())
                .redirectErrorStream(true)
                .redirectInput(input.toFile())
                .redirectOutput(output.toFile());
        pb.environment().remove("SPARK_HOME");
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        Process process = pb.start();
        int exit;
        if (process.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
            exit = process.exitValue();
        } else {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
            exit = -1;
        }
        String out = Files.readString(output, StandardCharsets.UTF_8);
        return new Outcome(exit, passed(out), paragraphs.size(), out, output);
    }

    /** The first %spark.conf paragraph's settings (empty when the note has none). */
    private static Properties sparkConf(ZeppelinNote note) {
        List<ZeppelinNote.Paragraph> conf = note.paragraphs("spark.conf");
        return conf.isEmpty() ? new Properties() : conf.get(0).properties();
    }

    private List<String> command(Properties conf, Map<String, String> overrides) {
        Map<String, String> props = new LinkedHashMap<>();
        for (String key : conf.stringPropertyNames()) {
            if (key.startsWith("spark.")) {
                props.put(key, conf.getProperty(key).strip());
            }
        }
        props.put("spark.jars", projectJar.toString());
        props.put("spark.master", master);
        props.put("spark.ui.enabled", "false");
        props.put("scala.usejavacp", "true");
        String log4j = System.getProperty("log4j2.configurationFile");
        if (log4j != null) {
            props.put("log4j2.configurationFile", log4j);
        }
        props.putAll(overrides);

        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        // Spark's Java 17 module flags and the Vector API module, as this JVM got them from Surefire's argLine.
        for (String arg : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (arg.startsWith("--add-opens") || arg.startsWith("--add-exports") || arg.startsWith("--add-modules")) {
                cmd.add(arg);
            }
        }
        String memory = conf.getProperty("spark.driver.memory", "").strip();
        if (!memory.isEmpty()) {
            cmd.add("-Xmx" + memory);
        }
        for (String opt :
                conf.getProperty("spark.driver.extraJavaOptions", "").strip().split("\\s+")) {
            if (!opt.isEmpty()) {
                cmd.add(opt);
            }
        }
        props.forEach((k, v) -> cmd.add("-D" + k + "=" + v));
        cmd.add("-cp");
        cmd.add(classpath());
        cmd.add("org.apache.spark.repl.Main");
        return cmd;
    }

    /** Spark's jars, the REPL and the Scala compiler (test dependencies of this build), the project jar. */
    private String classpath() {
        List<String> entries = new ArrayList<>();
        sparkClasspath.forEach(p -> entries.add(p.toString()));
        entries.add(jarOf(org.apache.spark.repl.Main.class).toString());
        entries.add(jarOf(scala.tools.nsc.Global.class).toString());
        entries.add(projectJar.toString());
        return String.join(java.io.File.pathSeparator, entries);
    }

    private static Path jarOf(Class<?> c) {
        try {
            return Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** How many paragraphs completed, counting markers 1, 2, ... without a gap. */
    private static int passed(String output) {
        java.util.Set<Integer> seen = new java.util.HashSet<>();
        Matcher m = MARKER_LINE.matcher(output);
        while (m.find()) {
            seen.add(Integer.parseInt(m.group(1)));
        }
        int n = 0;
        while (seen.contains(n + 1)) {
            n++;
        }
        return n;
    }

    /**
     * The REPL output of paragraph {@code index} (1-based): from the end of the previous paragraph to the end of
     * the output, long lines (pictures in base64) clipped, at most {@code maxChars} from the end.
     */
    static String outputOf(String output, int index, int maxChars) {
        int from = 0;
        if (index > 1) {
            Matcher m = Pattern.compile("^" + MARKER + (index - 1) + "$", Pattern.MULTILINE)
                    .matcher(output);
            if (m.find()) {
                from = m.end();
            }
        }
        StringBuilder sb = new StringBuilder();
        for (String line : output.substring(from).split("\n", -1)) {
            sb.append(line.length() > 300 ? line.substring(0, 300) + " ...[" + line.length() + " chars]" : line)
                    .append('\n');
        }
        return sb.length() > maxChars ? "..." + sb.substring(sb.length() - maxChars) : sb.toString();
    }
}
