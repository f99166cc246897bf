package org.capsnet.cli;

import java.io.PrintWriter;
import java.util.Map;
import picocli.CommandLine.Option;

/** The --json option: one JSON object on the last line of stdout, for tools that drive the command line. */
public class JsonOption {
    @Option(names = "--json", description = "Print one JSON object on the last line of stdout.")
    boolean json;

    void print(PrintWriter out, Map<String, ?> record) {
        if (json) {
            out.println(org.capsnet.io.Json.line(record));
            out.flush();
        }
    }
}
