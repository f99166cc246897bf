package org.capsnet.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.capsnet.InvalidSettingException;
import org.capsnet.train.TrainingConfig;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

class SettingFlagsTest {

    @Test
    void everyMappedFlagIsAnOptionOfSomeCommand() {
        Set<String> options = new HashSet<>();
        collect(CapsNetMain.commandLine(ConfigFileDefaults.none()), options);
        for (String flag : SettingFlags.FLAGS.values()) {
            assertTrue(options.contains(flag), flag + " is no option of any command");
        }
    }

    @Test
    void theLibraryNamesTheSettingAndTheCommandLineItsFlag() {
        InvalidSettingException e = assertThrows(
                InvalidSettingException.class,
                () -> TrainingConfig.builder().batchSize(0).build());
        assertEquals("batchSize must be at least 1, got 0", e.getMessage());
        assertEquals("--batch-size must be at least 1, got 0", SettingFlags.describe(e));
    }

    private static void collect(CommandLine cli, Set<String> out) {
        for (OptionSpec o : cli.getCommandSpec().options()) {
            out.addAll(java.util.List.of(o.names()));
        }
        cli.getSubcommands().values().forEach(sub -> collect(sub, out));
    }
}
