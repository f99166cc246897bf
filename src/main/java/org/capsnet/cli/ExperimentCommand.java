package org.capsnet.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code capsnet experiment}: groups the end-to-end experiments ({@code multimnist}). */
@Command(
        name = "experiment",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Run an end-to-end experiment into a results folder.",
        subcommands = {ExperimentMultiMnistCommand.class})
final class ExperimentCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw new CommandLine.ParameterException(
                spec.commandLine(), "experiment: missing subcommand (multimnist); see 'capsnet experiment --help'");
    }
}
