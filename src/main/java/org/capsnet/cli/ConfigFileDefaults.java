package org.capsnet.cli;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import org.capsnet.InvalidInputException;
import picocli.CommandLine;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Option defaults from a properties file (conf/capsnet.properties; the launcher passes it as system property
 * {@value #FILE_PROPERTY}). The key of an option is its command path and its longest name without dashes, for
 * example {@code train.epochs} or {@code data.fetch.dataset}. Precedence: command line, then this file, then the
 * default in the code. {@link #validate} rejects a key that names no option and a value the option cannot take,
 * so a typo in the file fails loudly instead of being ignored.
 */
public final class ConfigFileDefaults implements CommandLine.IDefaultValueProvider {
    public static final String FILE_PROPERTY = "capsnet.conf";

    private final Path file;
    private final Properties values;

    private ConfigFileDefaults(Path file, Properties values) {
        this.file = file;
        this.values = values;
    }

    /** No file: every option keeps the default in the code. */
    public static ConfigFileDefaults none() {
        return new ConfigFileDefaults(null, new Properties());
    }

    /** The file named by system property {@value #FILE_PROPERTY}, or {@link #none()} when it is unset or blank. */
    public static ConfigFileDefaults fromSystemProperty() {
        String name = System.getProperty(FILE_PROPERTY, "").trim();
        return name.isEmpty() ? none() : load(Path.of(name));
    }

    public static ConfigFileDefaults load(Path file) {
        Properties values = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            values.load(in);
        } catch (IOException | IllegalArgumentException e) {
            throw new InvalidInputException("cannot read configuration file " + file + ": " + e.getMessage(), e);
        }
        return new ConfigFileDefaults(file, values);
    }

    @Override
    public String defaultValue(ArgSpec argSpec) {
        if (!(argSpec instanceof OptionSpec option) || values.isEmpty()) {
            return null;
        }
        String value = values.getProperty(keyOf(option));
        return value == null ? null : value.trim();
    }

    /**
     * Checks every key of the file against the command model of {@code root}: the key must name an option of a
     * command, and the option must accept the value. Install this provider on {@code root} before calling it.
     *
     * @throws InvalidInputException naming the key and the file
     */
    public void validate(CommandLine root) {
        Map<String, Target> options = new LinkedHashMap<>();
        collect(root, List.of(), options);
        for (String key : new TreeSet<>(values.stringPropertyNames())) {
            Target target = options.get(key);
            if (target == null) {
                throw new InvalidInputException("unknown key '" + key + "' in " + file
                        + ": no such command option (keys are <command>.<long-option>, e.g. train.epochs)");
            }
            check(root, key, target);
        }
    }

    /** Parses the value the way the command line would and fails naming the key whose value picocli rejects. */
    private void check(CommandLine root, String key, Target target) {
        OptionSpec option = target.option;
        String value = values.getProperty(key).trim();
        if (option.arity().max() == 0) {
            if (!value.equalsIgnoreCase("true") && !value.equalsIgnoreCase("false")) {
                throw badValue(key, value, "expected true or false");
            }
            return;
        }
        try {
            List<String> args = new ArrayList<>(target.path);
            args.add(option.longestName() + "=" + value);
            root.parseArgs(args.toArray(new String[0]));
        } catch (CommandLine.MissingParameterException e) {
            // other required options are absent here; the value itself parsed
        } catch (CommandLine.ParameterException e) {
            // the defaults of the whole command are applied while parsing: name the option that failed
            if (e.getArgSpec() instanceof OptionSpec failed && failed != option) {
                String failedKey = keyOf(failed);
                throw badValue(failedKey, values.getProperty(failedKey, "").trim(), e.getMessage());
            }
            throw badValue(key, value, e.getMessage());
        }
    }

    private InvalidInputException badValue(String key, String value, String problem) {
        return new InvalidInputException("bad value '" + value + "' for key '" + key + "' in " + file + ": " + problem);
    }

    /** The properties key of an option: command path (root excluded) and longest name without dashes. */
    static String keyOf(OptionSpec option) {
        String name = option.longestName().replaceFirst("^-+", "");
        String path = commandPath(option.command());
        return path.isEmpty() ? name : path + "." + name;
    }

    private static String commandPath(CommandSpec command) {
        if (command == null || command.parent() == null) {
            return "";
        }
        String parent = commandPath(command.parent());
        return parent.isEmpty() ? command.name() : parent + "." + command.name();
    }

    private static void collect(CommandLine cli, List<String> path, Map<String, Target> out) {
        for (OptionSpec option : cli.getCommandSpec().options()) {
            if (!option.usageHelp() && !option.versionHelp()) {
                out.put(keyOf(option), new Target(path, option));
            }
        }
        for (Map.Entry<String, CommandLine> sub : cli.getSubcommands().entrySet()) {
            if (sub.getKey().equals(sub.getValue().getCommandName())) { // skip aliases
                List<String> subPath = new ArrayList<>(path);
                subPath.add(sub.getKey());
                collect(sub.getValue(), subPath, out);
            }
        }
    }

    /** An option and the subcommand names that lead to it from the root. */
    private record Target(List<String> path, OptionSpec option) {}
}
