package org.capsnet.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.capsnet.data.DataFetcher;
import org.capsnet.data.DatasetSpec;
import org.capsnet.io.StoragePath;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code capsnet data fetch --dataset mnist|fashion-mnist --dir DIR [--from DIR]}: downloads (verifying the SHA-256
 * of the decompressed files, resuming, falling back across mirrors) or validates and copies a local copy. Prints one line per file on stdout;
 * progress goes to stderr.
 */
@Command(
        name = "fetch",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        description = "Download MNIST or Fashion-MNIST into DIR (or validate and copy a local directory).")
final class DataFetchCommand implements Callable<Integer> {
    @Option(
            names = "--dataset",
            required = true,
            paramLabel = "mnist|fashion-mnist",
            description = "Data set to fetch: mnist or fashion-mnist.")
    String dataset;

    @Option(
            names = "--dir",
            required = true,
            paramLabel = "DIR",
            description = "Directory to write the four files to (a local path or a Hadoop URI).")
    StoragePath dir;

    @Option(
            names = "--from",
            paramLabel = "DIR",
            description = "Copy from this directory instead of downloading (validated first; standard or dotted "
                    + "names such as train-images.idx3-ubyte, gzip or not).")
    StoragePath from;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        DataFetcher fetcher = DataFetcher.standard(DatasetSpec.byName(dataset), System.err);
        List<StoragePath> files = from == null ? fetcher.fetch(dir) : fetcher.copyFrom(from, dir);
        files.forEach(f -> spec.commandLine().getOut().println(f));
        spec.commandLine().getOut().flush();
        return CapsNetMain.EXIT_OK;
    }
}
