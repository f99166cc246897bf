package org.capsnet.cli;

import picocli.CommandLine;

/** Reports the project version recorded at build time. */
final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[] {"capsnet " + org.capsnet.BuildInfo.projectVersion()};
    }
}
