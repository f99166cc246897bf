package org.capsnet.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class JvmActivityTest {

    @Test
    void sinceIsTheDifferenceAndUnknownCompileTimeStaysUnknown() {
        assertEquals(new JvmActivity(60, 20), new JvmActivity(100, 30).since(new JvmActivity(40, 10)));
        assertEquals(-1, new JvmActivity(-1, 30).since(new JvmActivity(40, 10)).compileMs());
        assertEquals(-1, new JvmActivity(100, 30).since(new JvmActivity(-1, 10)).compileMs());
    }

    @Test
    void readsTheHotSpotJvmsCompileAndGcTimesWhichOnlyGrow() {
        JvmActivity start = JvmActivity.now();
        assertTrue(start.compileMs() > 0, "HotSpot has compiled JUnit by now: " + start); // not -1, unknown
        long sum = 0;
        for (int i = 0; i < 2_000_000; i++) { // some work for the JIT, some garbage for the collector
            sum += Integer.toString(i).length();
        }
        JvmActivity during = JvmActivity.now().since(start);
        assertTrue(sum > 0);
        assertTrue(during.compileMs() >= 0, "compile ms " + during.compileMs());
        assertTrue(during.gcMs() >= 0, "gc ms " + during.gcMs());
    }
}
