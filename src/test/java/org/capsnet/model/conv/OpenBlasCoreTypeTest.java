package org.capsnet.model.conv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Set;
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
        assertEquals(
                new OpenBlasCoreType.Choice("SKYLAKEX", "cpu", "Haswell"),
                OpenBlasCoreType.decide(null, "Haswell", "SKYLAKEX"));
        assertEquals(
                new OpenBlasCoreType.Choice("SKYLAKEX", "cpu", "PRESCOTT"),
                OpenBlasCoreType.decide("auto", "PRESCOTT", "SKYLAKEX"));
        assertEquals(
                new OpenBlasCoreType.Choice("COOPERLAKE", "environment", "COOPERLAKE"),
                OpenBlasCoreType.decide("auto", "COOPERLAKE", "SKYLAKEX"));
        assertEquals(
                new OpenBlasCoreType.Choice("Haswell", "environment", "Haswell"),
                OpenBlasCoreType.decide("auto", "Haswell", "HASWELL"));
        assertEquals(
                new OpenBlasCoreType.Choice("Haswell", "environment", "Haswell"),
                OpenBlasCoreType.decide("auto", "Haswell", null));
        assertEquals(new OpenBlasCoreType.Choice("HASWELL", "cpu", null), OpenBlasCoreType.decide("", null, "HASWELL"));
        assertEquals(new OpenBlasCoreType.Choice(null, "none", null), OpenBlasCoreType.decide(null, null, null));
    }

    @Test
    void inheritKeepsTheEnvironmentAndAnyOtherSettingIsTheCoreType() {
        assertEquals(
                new OpenBlasCoreType.Choice("Haswell", "environment", "Haswell"),
                OpenBlasCoreType.decide("inherit", "Haswell", "SKYLAKEX"));
        assertEquals(
                new OpenBlasCoreType.Choice(null, "none", null), OpenBlasCoreType.decide("INHERIT", null, "SKYLAKEX"));
        assertEquals(
                new OpenBlasCoreType.Choice("ZEN", "setting", "Haswell"),
                OpenBlasCoreType.decide("zen", "Haswell", "SKYLAKEX"));
    }
}
