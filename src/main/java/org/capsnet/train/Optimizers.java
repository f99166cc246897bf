package org.capsnet.train;

import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.linalg.learning.config.IUpdater;
import org.nd4j.linalg.schedule.ExponentialSchedule;
import org.nd4j.linalg.schedule.ScheduleType;

/** The paper's optimiser: Adam (TensorFlow defaults) with the learning rate multiplied by the decay every epoch. */
public final class Optimizers {
    private Optimizers() {}

    public static IUpdater adam(TrainingConfig config) {
        return Adam.builder()
                .learningRateSchedule(
                        new ExponentialSchedule(ScheduleType.EPOCH, config.learningRate(), config.learningRateDecay()))
                .beta1(0.9)
                .beta2(0.999)
                .epsilon(1e-7)
                .build();
    }
}
