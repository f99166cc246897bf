package org.capsnet.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.capsnet.InvalidInputException;
import org.junit.jupiter.api.Test;

/** local[2]: two task slots. */
class ClusterSlotsTest extends SharedSparkContext {
    @Test
    void theDefaultIsOneWorkerPerTaskSlot() {
        assertEquals(2, ClusterSlots.workers(sc, SparkTrainerConfig.builder().build()));
        assertEquals(
                1,
                ClusterSlots.workers(sc, SparkTrainerConfig.builder().workers(1).build()));
    }

    @Test
    void moreWorkersThanSlotsIsRefusedInOneLine() {
        InvalidInputException e = assertThrows(
                InvalidInputException.class,
                () -> ClusterSlots.workers(
                        sc, SparkTrainerConfig.builder().workers(3).build()));
        assertTrue(e.getMessage().contains("--workers 3") && e.getMessage().contains("2 task slots"), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"));
    }
}
