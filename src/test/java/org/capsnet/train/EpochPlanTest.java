package org.capsnet.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class EpochPlanTest {
    @Test
    void shuffledOrderIsAPermutationForAnySize() {
        for (long n : new long[] {1, 2, 3, 7, 64, 1000, 4097}) {
            ShuffledOrder order = new ShuffledOrder(n, 42);
            Set<Long> seen = new HashSet<>();
            for (long p = 0; p < n; p++) {
                long x = order.exampleAt(p);
                assertTrue(x >= 0 && x < n, "n=" + n + " p=" + p + " -> " + x);
                seen.add(x);
            }
            assertEquals(n, seen.size(), "n=" + n);
        }
    }

    @Test
    void aPlanCoversEveryExampleOnceInMinibatchesOfTheBatchSize() {
        EpochPlan plan = new EpochPlan(103, 10, 7, 0);
        assertEquals(11, plan.minibatches());
        assertEquals(3, plan.exampleIds(10).length);
        Set<Long> seen = new HashSet<>();
        for (int k = 0; k < plan.minibatches(); k++) {
            Arrays.stream(plan.exampleIds(k)).forEach(seen::add);
        }
        assertEquals(103, seen.size());
    }

    @Test
    void theOrderDependsOnSeedAndEpochOnly() {
        EpochPlan a = new EpochPlan(1000, 50, 7, 2);
        assertArrayEquals(a.exampleIds(3), new EpochPlan(1000, 50, 7, 2).exampleIds(3));
        assertEquals(
                a.augmentation(3).nextLong(),
                new EpochPlan(1000, 50, 7, 2).augmentation(3).nextLong());
        assertFalse(
                Arrays.equals(a.exampleIds(0), new EpochPlan(1000, 50, 7, 3).exampleIds(0)), "a new epoch reshuffles");
        assertFalse(Arrays.equals(a.exampleIds(0), new EpochPlan(1000, 50, 8, 2).exampleIds(0)), "another seed");
    }

    @Test
    void examplesMoveAcrossWorkersBetweenEpochs() {
        // two workers, one minibatch each per round: worker 0 takes the even minibatches
        Set<Long> worker0Epoch0 = new HashSet<>();
        Set<Long> worker0Epoch1 = new HashSet<>();
        EpochPlan e0 = new EpochPlan(400, 20, 1, 0);
        EpochPlan e1 = new EpochPlan(400, 20, 1, 1);
        for (int k = 0; k < 20; k += 2) {
            Arrays.stream(e0.exampleIds(k)).forEach(worker0Epoch0::add);
            Arrays.stream(e1.exampleIds(k)).forEach(worker0Epoch1::add);
        }
        worker0Epoch1.retainAll(worker0Epoch0);
        assertTrue(
                worker0Epoch1.size() > 50 && worker0Epoch1.size() < 150,
                "about half of a worker's examples stay, half move: " + worker0Epoch1.size() + " of 200 stayed");
    }
}
