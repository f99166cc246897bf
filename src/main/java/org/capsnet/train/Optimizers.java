package org.capsnet.train;

import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.schedule.ExponentialSchedule;
import org.nd4j.linalg.schedule.ScheduleType;

/** The paper's optimiser: Adam (TensorFlow defaults; {@link HostAdam}'s fast update) with the learning rate multiplied by the decay every epoch. */
public final class Optimizers {
    private Optimizers() {}

    public static IUpdater adam(TrainingConfig config) {
        return HostAdam.of(
                new ExponentialSchedule(ScheduleType.EPOCH, config.learningRate(), config.learningRateDecay()),
                0.9,
                0.999,
                1e-7);
    }
}
