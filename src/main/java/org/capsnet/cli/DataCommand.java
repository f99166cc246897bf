package org.capsnet.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code capsnet data}: groups the data set verbs {@code fetch} and {@code multimnist}. */
@Command(
        name = "data",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Download, validate and generate data sets.",
        subcommands = {DataFetchCommand.class, DataMultiMnistCommand.class})
final class DataCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw new CommandLine.ParameterException(
                spec.commandLine(), "data: missing subcommand (fetch or multimnist); see 'capsnet data --help'");
    }
}
