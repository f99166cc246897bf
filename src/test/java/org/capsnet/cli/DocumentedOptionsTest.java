package org.capsnet.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The documentation shows only commands and options that exist: every {@code submit/capsnet COMMAND ...} (or
 * spark-submit wrapper) line in a code block of the docs names a command of the command line, and every
 * {@code --option} on it is in that command's {@code --help}; so is every option in the first column of the command
 * reference's option tables.
 */
class DocumentedOptionsTest {
    static final List<Path> DOCS = List.of(
            Path.of("README.md"),
            Path.of("src/site/markdown/commands.md"),
            Path.of("src/site/markdown/results.md"),
            Path.of("submit/README.md"));
    private static final Pattern LAUNCHER =
            Pattern.compile("(?:^|\\s)(?:\\S*/)?(capsnet|spark-submit-[a-z]+\\.sh)(\\s.*)?$");
    private static final Pattern OPTION = Pattern.compile("(?<![\\w-])--[a-z][a-z0-9-]*");
    private static final Pattern TABLE_OPTION = Pattern.compile("^\\| `(--[a-z][a-z0-9-]*)");

    @TestFactory
    Stream<DynamicTest> everyDocumentedOptionIsInTheHelpOfItsCommand() {
        return DOCS.stream()
                .filter(Files::isRegularFile)
                .map(doc -> DynamicTest.dynamicTest(doc.toString(), () -> {
                    List<String> problems = new ArrayList<>();
                    int checked = 0;
                    for (String line : commandLines(Files.readAllLines(doc))) {
                        checked += check(line, problems);
                    }
                    checked += checkTables(Files.readAllLines(doc), problems);
                    if (!problems.isEmpty()) {
                        fail(doc + ":\n  " + String.join("\n  ", problems));
                    }
                    assertTrue(
                            doc.toString().contains("results") || doc.toString().contains("submit") || checked > 0,
                            doc + ": no command found to check");
                }));
    }

    /** The lines of fenced code blocks, with continuation lines (a trailing backslash, or indentation) joined. */
    static List<String> commandLines(List<String> text) {
        List<String> out = new ArrayList<>();
        boolean inCode = false;
        StringBuilder current = null;
        for (String line : text) {
            if (line.startsWith("```")) {
                if (current != null) {
                    out.add(current.toString());
                    current = null;
                }
                inCode = !inCode;
                continue;
            }
            if (!inCode) {
                continue;
            }
            boolean continues = current != null && (current.toString().endsWith("\\") || line.startsWith(" "));
            if (continues) {
                current.setLength(current.toString().endsWith("\\") ? current.length() - 1 : current.length());
                current.append(' ').append(line.strip());
            } else {
                if (current != null) {
                    out.add(current.toString());
                }
                current = new StringBuilder(line.strip());
            }
        }
        if (current != null) {
            out.add(current.toString());
        }
        return out;
    }

    /** Checks one command line; returns how many options it checked. */
    private static int check(String line, List<String> problems) {
        String code = line.replaceFirst("\\s#\\s.*$", "");
        Matcher m = LAUNCHER.matcher(code);
        if (!m.find() || m.group(2) == null) {
            return 0;
        }
        List<String> args = new ArrayList<>(Arrays.asList(m.group(2).trim().split("\\s+")));
        if (!m.group(1).equals("capsnet") && args.contains("--")) {
            args = args.subList(args.indexOf("--") + 1, args.size());
        }
        CommandLine command = CapsNetMain.commandLine(ConfigFileDefaults.none());
        int used = 0;
        while (used < args.size() && command.getSubcommands().containsKey(args.get(used))) {
            command = command.getSubcommands().get(args.get(used++));
        }
        if (used == 0) {
            if (!args.isEmpty() && args.get(0).matches("[a-z]+")) {
                problems.add("no command '" + args.get(0) + "': " + line);
            }
            return 0;
        }
        String rest = String.join(" ", args.subList(used, args.size()));
        int checked = 0;
        Matcher o = OPTION.matcher(rest);
        while (o.find()) {
            checked++;
            if (!hasOption(command, o.group())) {
                problems.add(command.getCommandSpec().qualifiedName() + " has no option " + o.group() + ": " + line);
            }
        }
        return checked;
    }

    /** Options in the first column of a table under a "## COMMAND" heading of the command reference. */
    private static int checkTables(List<String> text, List<String> problems) {
        CommandLine root = CapsNetMain.commandLine(ConfigFileDefaults.none());
        CommandLine command = null;
        int checked = 0;
        for (String line : text) {
            if (line.startsWith("#")) {
                command = commandOfHeading(root, line.replaceFirst("^#+\\s*", ""));
                continue;
            }
            Matcher m = TABLE_OPTION.matcher(line);
            if (command != null && m.find()) {
                checked++;
                if (!hasOption(command, m.group(1))) {
                    problems.add(command.getCommandSpec().qualifiedName() + " has no option " + m.group(1)
                            + " (table row: " + line + ")");
                }
            }
        }
        return checked;
    }

    private static CommandLine commandOfHeading(CommandLine root, String heading) {
        CommandLine command = root;
        for (String word : heading.split("\\s+")) {
            CommandLine sub = command.getSubcommands().get(word);
            if (sub == null) {
                break;
            }
            command = sub;
        }
        return command == root ? null : command;
    }

    private static boolean hasOption(CommandLine command, String name) {
        for (OptionSpec option : command.getCommandSpec().options()) {
            if (Arrays.asList(option.names()).contains(name)) {
                return command.getUsageMessage().contains(name);
            }
        }
        return false;
    }

    static List<String> read(Path file) throws IOException {
        return Files.readAllLines(file);
    }
}
