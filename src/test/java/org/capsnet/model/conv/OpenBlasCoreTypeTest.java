package org.capsnet.model.conv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Set;
import org.junit.jupiter.api.Test;

class OpenBlasCoreTypeTest {

  @Test
  void choosesSkylakeXOnlyWithTheAvx512SubsetsItsKernelsUse() {
    assertEquals("SKYLAKEX", OpenBlasCoreType.chooseFor(
        Set.of("fma", "avx2", "avx512f", "avx512bw", "avx512dq", "avx512vl", "avx512cd")));
    assertEquals("HASWELL", OpenBlasCoreType.chooseFor(Set.of("fma", "avx2", "avx512f")));
    assertNull(OpenBlasCoreType.chooseFor(Set.of("sse2", "avx")));
  }
}
