package org.capsnet.cli;

import org.capsnet.InvalidInputException;
import org.capsnet.io.StoragePath;
import org.capsnet.model.conv.OpenBlasCoreType;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * Entry point of {@code submit/capsnet} and of the spark-submit jar. Maps errors to exit codes:
 * 2 for bad input (one line naming the file or option), 1 for an internal failure.
 */
@Command(name = "capsnet", mixinStandardHelpOptions = true, versionProvider = VersionProvider.class,
        description = "Capsule Networks with dynamic routing, trained on Apache Spark.",
        subcommands = {CommandLine.HelpCommand.class, TrainCommand.class, EvaluateCommand.class,
                BenchmarkCommand.class, DataCommand.class, ReconstructCommand.class,
                ManipulateCommand.class, InfoCommand.class, ExperimentCommand.class})
public final class CapsNetMain {
    public static final int EXIT_OK = 0;
    public static final int EXIT_INTERNAL = 1;
    public static final int EXIT_BAD_INPUT = 2;

    private CapsNetMain() {
    }

    public static void main(String[] args) {
        // Before ND4J loads OpenBLAS: pick its AVX-512/AVX2 kernels on CPUs it does not recognise (4x sgemm).
        OpenBlasCoreType.configure();
        System.exit(run(args));
    }

    /** Runs one command line and returns its exit code; tests call this instead of main. */
    public static int run(String... args) {
        CommandLine cli;
        try {
            cli = commandLine();
        } catch (InvalidInputException e) {
            System.err.println("capsnet: " + oneLine(e.getMessage()));
            return EXIT_BAD_INPUT;
        }
        return cli.execute(args);
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
            if (isBadInput(ex)) {
                commandLine.getErr().println("capsnet: " + oneLine(rootMessage(ex)));
                return EXIT_BAD_INPUT;
            }
            commandLine.getErr().println("capsnet: internal error: " + oneLine(rootMessage(ex)));
            ex.printStackTrace(commandLine.getErr());
            return EXIT_INTERNAL;
        });
        cli.setParameterExceptionHandler((ex, args) -> {
            ex.getCommandLine().getErr().println("capsnet: " + oneLine(ex.getMessage()));
            return EXIT_BAD_INPUT;
        });
        return cli;
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
