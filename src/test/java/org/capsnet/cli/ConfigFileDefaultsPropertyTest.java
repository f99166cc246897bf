package org.capsnet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;
import org.capsnet.TempDirs;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The whole command line against random option-defaults files (conf/capsnet.properties): lines with the real keys
 * and odd values (empty, wrong type, huge numbers, escapes), unknown keys, garbage lines, comments and bytes that are
 * not UTF-8. The defaults are checked when the command model is built, before any command runs, so cheap commands
 * suffice: --version, info, and --help of verbs that read files. Every run exits 0, or 2 with one line on stderr;
 * never 1, an exception out of {@link CapsNetMain#run} or a stack trace. (info.master is left out of the keys: a
 * valid value starts Spark.)
 */
class ConfigFileDefaultsPropertyTest {
    private static final Duration LIMIT = Duration.ofSeconds(30);
    private static final List<List<String>> COMMANDS = List.of(
            List.of("--version"),
            List.of("info"),
            List.of("train", "--help"),
            List.of("evaluate", "--help"),
            List.of("data", "fetch", "--help"),
            List.of("help", "train"));

    private static Path dir;
    private static List<String> keys;

    @BeforeContainer
    static void keysOfTheRealCommandLine() throws IOException {
        dir = TempDirs.create("conf-property");
        keys = new ArrayList<>();
        collectKeys(CapsNetMain.commandLine(ConfigFileDefaults.none()), keys);
        keys.remove("info.master");
    }

    @AfterContainer
    static void deleteDirectory() throws IOException {
        TempDirs.deleteRecursively(dir);
    }

    private static void collectKeys(CommandLine cli, List<String> out) {
        for (OptionSpec option : cli.getCommandSpec().options()) {
            if (!option.usageHelp() && !option.versionHelp()) {
                out.add(ConfigFileDefaults.keyOf(option));
            }
        }
        cli.getSubcommands().forEach((name, sub) -> {
            if (name.equals(sub.getCommandName())) {
                collectKeys(sub, out);
            }
        });
    }

    @Provide
    Arbitrary<List<byte[]>> lines() {
        return line().list().ofMaxSize(8);
    }

    /** One real key with any value. */
    @Provide
    Arbitrary<List<byte[]>> oneKnownKey() {
        return Combinators.combine(Arbitraries.of(keys), values()).as((k, v) -> List.of(utf8(k + "=" + v)));
    }

    private static Arbitrary<String> values() {
        return Arbitraries.oneOf(
                Arbitraries.of(
                        "",
                        " ",
                        "0",
                        "-1",
                        "1",
                        "3",
                        "100",
                        "0.5",
                        "-0.0",
                        "NaN",
                        "Infinity",
                        "1e309",
                        "2147483648",
                        "-2147483649",
                        "9223372036854775808",
                        "99999999999999999999999999999",
                        "true",
                        "false",
                        "TRUE",
                        "yes",
                        " 7 ",
                        "mnist",
                        "fashion-mnist",
                        "none",
                        "local[2]",
                        "hdfs://nn:bad/x",
                        "file:///",
                        "/nonexistent/dir",
                        "\\u12",
                        "\\",
                        "a\\\nb",
                        "1,2",
                        "x=y"),
                Arbitraries.strings().ofMaxLength(20));
    }

    private static Arbitrary<byte[]> line() {
        Arbitrary<String> values = values();
        Arbitrary<String> separators = Arbitraries.of("=", " = ", ":", " ", "\t=\t");
        Arbitrary<byte[]> known =
                Combinators.combine(Arbitraries.of(keys), separators, values).as((k, s, v) -> utf8(k + s + v));
        Arbitrary<byte[]> unknown = Combinators.combine(
                        Arbitraries.strings()
                                .withChars("abcdefghijklmnopqrstuvwxyz.-")
                                .ofMinLength(1)
                                .ofMaxLength(20),
                        separators,
                        values)
                .as((k, s, v) -> utf8(k + s + v));
        Arbitrary<byte[]> misspelt = Combinators.combine(
                        Arbitraries.of(keys), Arbitraries.of("s", ".", "-", "x"), values)
                .as((k, typo, v) -> utf8(k + typo + "=" + v));
        Arbitrary<byte[]> garbage = Arbitraries.strings().ofMaxLength(40).map(ConfigFileDefaultsPropertyTest::utf8);
        Arbitrary<byte[]> bytes = Arbitraries.bytes().array(byte[].class).ofMaxSize(40);
        Arbitrary<byte[]> comments = Arbitraries.strings().ofMaxLength(40).map(s -> utf8("# " + s));
        return Arbitraries.frequencyOf(
                Tuple.of(12, known),
                Tuple.of(1, unknown),
                Tuple.of(1, misspelt),
                Tuple.of(1, garbage),
                Tuple.of(1, bytes),
                Tuple.of(2, comments),
                Tuple.of(1, Arbitraries.just(new byte[0])));
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /** Exit code, stdout and stderr of one command line. */
    record Outcome(int code, String out, String err) {}

    private static Outcome run(Path conf, List<String> args) {
        String old = System.getProperty(ConfigFileDefaults.FILE_PROPERTY);
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setProperty(ConfigFileDefaults.FILE_PROPERTY, conf.toString());
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = CapsNetMain.run(args.toArray(new String[0]));
            return new Outcome(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
            if (old == null) {
                System.clearProperty(ConfigFileDefaults.FILE_PROPERTY);
            } else {
                System.setProperty(ConfigFileDefaults.FILE_PROPERTY, old);
            }
        }
    }

    @Property(tries = 1500)
    void anyDefaultsFileGivesExitZeroOrOneLineExitTwo(
            @ForAll("lines") List<byte[]> lines, @ForAll boolean crlf, @ForAll("commands") List<String> command)
            throws IOException {
        check(lines, crlf, command);
    }

    @Property(tries = 1000)
    void anyValueOfARealKeyGivesExitZeroOrOneLineExitTwo(
            @ForAll("oneKnownKey") List<byte[]> lines, @ForAll("commands") List<String> command) throws IOException {
        check(lines, false, command);
    }

    private static void check(List<byte[]> lines, boolean crlf, List<String> command) throws IOException {
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        for (byte[] line : lines) {
            file.write(line);
            file.write(crlf ? new byte[] {'\r', '\n'} : new byte[] {'\n'});
        }
        Path conf = dir.resolve("capsnet.properties");
        Files.write(conf, file.toByteArray());
        String description = command + " with " + conf + ":\n" + file.toString(StandardCharsets.ISO_8859_1);
        Outcome o;
        try {
            o = assertTimeoutPreemptively(LIMIT, () -> run(conf, command), "hung: " + description);
        } catch (RuntimeException | Error e) {
            fail("exception out of CapsNetMain.run: " + e + "\n" + description, e);
            return;
        }
        Statistics.collect(o.code());
        assertFalse(o.err().contains("\tat ") || o.err().contains("Exception in"), o.err() + description);
        if (o.code() == CapsNetMain.EXIT_BAD_INPUT) {
            String err = o.err().strip();
            assertEquals(1, err.lines().count(), err + "\n" + description);
            assertTrue(err.startsWith("capsnet: ") && !err.startsWith("capsnet: internal error"), err);
            assertTrue(err.contains(conf.toString()), "the line does not name the file: " + err);
        } else {
            assertEquals(CapsNetMain.EXIT_OK, o.code(), o.err() + description);
        }
    }

    @Provide
    Arbitrary<List<String>> commands() {
        return Arbitraries.of(COMMANDS);
    }
}
