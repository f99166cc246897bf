package org.capsnet.model.conv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import org.capsnet.InvalidInputException;
import org.junit.jupiter.api.Test;

class OpenBlasCoreTypeTest {

    @Test
    void choosesSkylakeXOnlyWithTheAvx512SubsetsItsKernelsUse() {
        assertEquals(
                "SKYLAKEX",
                OpenBlasCoreType.chooseFor(
                        Set.of("fma", "avx2", "avx512f", "avx512bw", "avx512dq", "avx512vl", "avx512cd")));
        assertEquals("HASWELL", OpenBlasCoreType.chooseFor(Set.of("fma", "avx2", "avx512f")));
        assertNull(OpenBlasCoreType.chooseFor(Set.of("sse2", "avx")));
    }

    @Test
    void autoReplacesAnInheritedCoreTypeOnlyWhenItIsNarrowerThanTheCpu() {
        assertEquals(new OpenBlasCoreType.Choice("SKYLAKEX", "cpu", "Haswell"), decide(null, "Haswell", "SKYLAKEX"));
        assertEquals(
                new OpenBlasCoreType.Choice("SKYLAKEX", "cpu", "PRESCOTT"), decide("auto", "PRESCOTT", "SKYLAKEX"));
        assertEquals(
                new OpenBlasCoreType.Choice("COOPERLAKE", "environment", "COOPERLAKE"),
                decide("auto", "COOPERLAKE", "SKYLAKEX"));
        assertEquals(
                new OpenBlasCoreType.Choice("Haswell", "environment", "Haswell"), decide("auto", "Haswell", "HASWELL"));
        assertEquals(new OpenBlasCoreType.Choice("Haswell", "environment", "Haswell"), decide("auto", "Haswell", null));
        assertEquals(new OpenBlasCoreType.Choice("HASWELL", "cpu", null), decide("", null, "HASWELL"));
        assertEquals(new OpenBlasCoreType.Choice(null, "none", null), decide(null, null, null));
    }

    @Test
    void inheritKeepsTheEnvironmentAndAnyOtherSettingIsTheCoreType() {
        assertEquals(
                new OpenBlasCoreType.Choice("Haswell", "environment", "Haswell"),
                decide("inherit", "Haswell", "SKYLAKEX"));
        assertEquals(new OpenBlasCoreType.Choice(null, "none", null), decide("INHERIT", null, "SKYLAKEX"));
        assertEquals(new OpenBlasCoreType.Choice("ZEN", "setting", "Haswell"), decide("zen", "Haswell", "SKYLAKEX"));
    }

    @Test
    void aSettingThatIsNoCoreTypeIsRejectedNamingTheSetting() {
        InvalidInputException e = assertThrows(
                InvalidInputException.class,
                () -> OpenBlasCoreType.decide("skylake-x", "CAPSNET_OPENBLAS_CORETYPE", null, "SKYLAKEX"));
        assertTrue(e.getMessage().startsWith("CAPSNET_OPENBLAS_CORETYPE must be"), e.getMessage());
        assertTrue(e.getMessage().contains("'skylake-x'"), e.getMessage());
        assertEquals("SKYLAKEX", decide("SkylakeX", null, null).value());
    }

    private static OpenBlasCoreType.Choice decide(String setting, String inherited, String forCpu) {
        return OpenBlasCoreType.decide(setting, "CAPSNET_OPENBLAS_CORETYPE", inherited, forCpu);
    }
}
