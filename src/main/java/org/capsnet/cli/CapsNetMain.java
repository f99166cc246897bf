package org.capsnet.cli;

import java.util.List;
import org.capsnet.InvalidInputException;
import org.capsnet.InvalidSettingException;
import org.capsnet.io.StoragePath;
import org.capsnet.model.conv.NativeEnvironment;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/**
 * Entry point of {@code submit/capsnet} and of the spark-submit jar. Maps errors to exit codes: 2 for bad input
 * (one line naming the file or option: {@link InvalidInputException} or a picocli parameter error), 1 for an
 * internal failure (a bug: one line too). {@code --verbose}, accepted before or after the command name, adds the
 * stack trace of either to stderr. As the driver of a YARN application in cluster deploy mode, main returns or
 * throws instead of calling System.exit (see {@link YarnClusterDriver}).
 */
@Command(
        name = "capsnet",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Capsule Networks with dynamic routing, trained on Apache Spark.",
        subcommands = {
            CommandLine.HelpCommand.class,
            TrainCommand.class,
            EvaluateCommand.class,
            BenchmarkCommand.class,
            DataCommand.class,
            ReconstructCommand.class,
            ManipulateCommand.class,
            InfoCommand.class,
            ExperimentCommand.class
        })
public final class CapsNetMain {
    public static final int EXIT_OK = 0;
    public static final int EXIT_INTERNAL = 1;
    public static final int EXIT_BAD_INPUT = 2;

    static final String VERBOSE = "--verbose";

    @Option(
            names = VERBOSE,
            scope = ScopeType.INHERIT,
            description = "On an error, also print its stack trace to stderr.")
    boolean verbose;

    /** The one-line error the command printed ("capsnet: ..."), or null. */
    private String errorLine;

    private CapsNetMain() {}

    public static void main(String[] args) {
        // Before ND4J loads OpenBLAS and OpenMP: the widest sgemm kernels for this CPU, OpenMP threads that sleep.
        try {
            NativeEnvironment.configure();
        } catch (InvalidInputException e) {
            System.err.println("capsnet: " + oneLine(e.getMessage()));
            System.exit(EXIT_BAD_INPUT);
        }
        Outcome outcome = execute(args);
        if (YarnClusterDriver.isCurrent(System.getProperties())) {
            YarnClusterDriver.end(outcome.code(), outcome.errorLine()); // returns on 0, throws otherwise
            return;
        }
        System.exit(outcome.code());
    }

    /** A command's exit code and the one-line error it printed (null when it printed none). */
    record Outcome(int code, String errorLine) {}

    /** Runs one command line and returns its exit code; tests call this instead of main. */
    public static int run(String... args) {
        return execute(args).code();
    }

    static Outcome execute(String... args) {
        CommandLine cli;
        try {
            cli = commandLine();
        } catch (InvalidInputException e) {
            String line = "capsnet: " + oneLine(e.getMessage());
            System.err.println(line);
            if (List.of(args).contains(VERBOSE)) {
                e.printStackTrace(System.err);
            }
            return new Outcome(EXIT_BAD_INPUT, line);
        }
        int code = cli.execute(args);
        return new Outcome(code, ((CapsNetMain) cli.getCommand()).errorLine);
    }

    /**
     * The command model with option defaults from the configuration file named by system property capsnet.conf
     * (see {@link ConfigFileDefaults}); fails with InvalidInputException when the file has a bad key or value.
     */
    static CommandLine commandLine() {
        return commandLine(ConfigFileDefaults.fromSystemProperty());
    }

    static CommandLine commandLine(ConfigFileDefaults defaults) {
        CommandLine cli = new CommandLine(new CapsNetMain());
        cli.registerConverter(StoragePath.class, new StoragePathConverter());
        cli.setDefaultValueProvider(defaults);
        defaults.validate(cli);
        cli.setExitCodeExceptionMapper(CapsNetMain::exitCodeOf);
        cli.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            boolean verbose = isVerbose(commandLine, parseResult);
            if (isBadInput(ex)) {
                printError(commandLine, "capsnet: " + oneLine(rootMessage(ex)));
            } else {
                printError(
                        commandLine,
                        "capsnet: internal error: " + oneLine(rootMessage(ex))
                                + (verbose ? "" : " (" + VERBOSE + " prints the stack trace)"));
            }
            if (verbose) {
                ex.printStackTrace(commandLine.getErr());
            }
            return isBadInput(ex) ? EXIT_BAD_INPUT : EXIT_INTERNAL;
        });
        cli.setParameterExceptionHandler((ex, args) -> {
            printError(ex.getCommandLine(), "capsnet: " + oneLine(ex.getMessage()));
            if (List.of(args).contains(VERBOSE)) {
                ex.printStackTrace(ex.getCommandLine().getErr());
            }
            return EXIT_BAD_INPUT;
        });
        return cli;
    }

    /** Prints the command's one-line error to its stderr and keeps it for {@link #execute}. */
    private static void printError(CommandLine commandLine, String line) {
        commandLine.getErr().println(line);
        if (commandLine.getCommandSpec().root().userObject() instanceof CapsNetMain main && main.errorLine == null) {
            main.errorLine = line;
        }
    }

    /** --verbose on the command line (on the root or any subcommand), or verbose=true in the configuration file. */
    private static boolean isVerbose(CommandLine commandLine, CommandLine.ParseResult parseResult) {
        for (CommandLine.ParseResult r = parseResult; r != null; r = r.subcommand()) {
            if (r.hasMatchedOption(VERBOSE)) {
                return true;
            }
        }
        return commandLine.getCommandSpec().root().userObject() instanceof CapsNetMain main && main.verbose;
    }

    private static int exitCodeOf(Throwable ex) {
        return isBadInput(ex) ? EXIT_BAD_INPUT : EXIT_INTERNAL;
    }

    private static boolean isBadInput(Throwable ex) {
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (t instanceof InvalidInputException || t instanceof CommandLine.ParameterException) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable ex) {
        for (Throwable t = ex; t != null; t = t.getCause()) {
            if (t instanceof InvalidSettingException setting) {
                return SettingFlags.describe(setting);
            }
            if (t instanceof InvalidInputException) {
                return t.getMessage();
            }
        }
        return ex.getMessage() == null ? ex.getClass().getName() : ex.getMessage();
    }

    private static String oneLine(String message) {
        return message == null ? "" : message.replaceAll("\\s*\\R\\s*", " ").trim();
    }
}
