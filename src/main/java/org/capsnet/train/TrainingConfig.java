package org.capsnet.train;

import java.io.Serializable;
import org.capsnet.InvalidSettingException;

/**
 * How to train, as opposed to what ({@link org.capsnet.model.CapsNetConfig}): the paper's Adam with exponential
 * learning-rate decay per epoch, batch size, random shift augmentation and the seed that makes a run repeatable.
 */
public final class TrainingConfig implements Serializable {
    private static final long serialVersionUID = 1L;

    private final int epochs;
    private final int batchSize;
    private final double learningRate;
    private final double learningRateDecay;
    private final int maxShift;
    private final long seed;
    private final long maxRounds;

    private TrainingConfig() {
        this(new Builder());
    }

    private TrainingConfig(Builder b) {
        epochs = b.epochs;
        batchSize = b.batchSize;
        learningRate = b.learningRate;
        learningRateDecay = b.learningRateDecay;
        maxShift = b.maxShift;
        seed = b.seed;
        maxRounds = b.maxRounds;
    }

    public static Builder builder() {
        return new Builder();
    }

    public int epochs() {
        return epochs;
    }

    public int batchSize() {
        return batchSize;
    }

    public double learningRate() {
        return learningRate;
    }
    /** Factor applied to the learning rate after every epoch. */
    public double learningRateDecay() {
        return learningRateDecay;
    }
    /** Largest random shift in pixels, each direction; 0 disables augmentation. */
    public int maxShift() {
        return maxShift;
    }

    public long seed() {
        return seed;
    }
    /** Stop after this many rounds of a run (evaluating and saving where it stopped); 0: no limit. */
    public long maxRounds() {
        return maxRounds;
    }

    /**
     * The settings that a resumed run must share with the run it continues: all but the epochs to reach and the
     * round limit of one run, which a resume may change.
     */
    public String resumeIdentity() {
        return "batchSize=" + batchSize + ", lr=" + learningRate + ", lrDecay=" + learningRateDecay + ", maxShift="
                + maxShift + ", seed=" + seed;
    }

    @Override
    public String toString() {
        return "TrainingConfig{epochs=" + epochs + ", batchSize=" + batchSize + ", lr=" + learningRate + ", lrDecay="
                + learningRateDecay + ", maxShift=" + maxShift + ", seed=" + seed
                + (maxRounds > 0 ? ", maxRounds=" + maxRounds : "") + "}";
    }

    /** Builder with the paper's defaults (Adam lr 0.001, decay 0.9 per epoch, batch 100, shift 2). */
    public static final class Builder {
        private int epochs = 3;
        private int batchSize = 100;
        private double learningRate = 0.001;
        private double learningRateDecay = 0.9;
        private int maxShift = 2;
        private long seed = 42;
        private long maxRounds;

        private Builder() {}

        public Builder epochs(int v) {
            epochs = v;
            return this;
        }

        public Builder batchSize(int v) {
            batchSize = v;
            return this;
        }

        public Builder learningRate(double v) {
            learningRate = v;
            return this;
        }

        public Builder learningRateDecay(double v) {
            learningRateDecay = v;
            return this;
        }

        public Builder maxShift(int v) {
            maxShift = v;
            return this;
        }

        public Builder seed(long v) {
            seed = v;
            return this;
        }

        public Builder maxRounds(long v) {
            maxRounds = v;
            return this;
        }

        public TrainingConfig build() {
            if (epochs < 1) {
                throw new InvalidSettingException("{epochs} must be at least 1, got " + epochs);
            }
            if (batchSize < 1) {
                throw new InvalidSettingException("{batchSize} must be at least 1, got " + batchSize);
            }
            if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
                throw new InvalidSettingException("{learningRate} must be a positive number, got " + learningRate);
            }
            if (!(learningRateDecay > 0 && learningRateDecay <= 1)) {
                throw new InvalidSettingException("{learningRateDecay} must be in (0, 1], got " + learningRateDecay);
            }
            if (maxRounds < 0) {
                throw new InvalidSettingException("{maxRounds} must be >= 0 (0: no limit), got " + maxRounds);
            }
            if (maxShift < 0) {
                throw new InvalidSettingException("{maxShift} must be >= 0, got " + maxShift);
            }
            return new TrainingConfig(this);
        }
    }
}
