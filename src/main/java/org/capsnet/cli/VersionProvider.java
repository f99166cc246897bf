package org.capsnet.cli;

import picocli.CommandLine;

/** Reports the project version from the jar manifest (or "dev" when run from classes). */
final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String version = CapsNetMain.class.getPackage().getImplementationVersion();
        return new String[] {"capsnet " + (version == null ? "dev" : version)};
    }
}
