package org.capsnet.model.losses;

import org.capsnet.capsule.em.SpreadLoss;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.shade.jackson.annotation.JsonIgnore;
import org.nd4j.shade.jackson.annotation.JsonProperty;

/**
 * The spread loss of matrix capsules on class activations {@code [B, J]} against one-hot targets, for a DL4J loss
 * layer with the identity activation, with its margin schedule: m rises linearly from {@code marginStart} to
 * {@code marginEnd} over the first {@code rampSteps} optimiser steps, then stays. The step is set by the layer that
 * owns this function ({@link org.capsnet.model.em.SpreadLossLayer}) from the network's iteration count before
 * every use, so the schedule follows the trainer's global step (restored on resume, broadcast to Spark workers).
 */
public class SpreadLossFunction extends ActivatedLoss {
    private static final long serialVersionUID = 1L;

    @JsonProperty("marginStart")
    private final double marginStart;

    @JsonProperty("marginEnd")
    private final double marginEnd;

    @JsonProperty("rampSteps")
    private final long rampSteps;

    @JsonIgnore
    private transient long step;

    public SpreadLossFunction(
            @JsonProperty("marginStart") double marginStart,
            @JsonProperty("marginEnd") double marginEnd,
            @JsonProperty("rampSteps") long rampSteps) {
        if (!(marginStart >= 0 && marginStart <= marginEnd && marginEnd <= 1) || rampSteps < 0) {
            throw new IllegalArgumentException("spread loss needs 0 <= marginStart <= marginEnd <= 1 and rampSteps"
                    + " >= 0, got " + marginStart + ", " + marginEnd + ", " + rampSteps);
        }
        this.marginStart = marginStart;
        this.marginEnd = marginEnd;
        this.rampSteps = rampSteps;
    }

    /** The optimiser step (0-based) whose margin the next calls use. */
    public void atStep(long step) {
        this.step = step;
    }

    /** The margin at {@code step}: linear from marginStart to marginEnd over rampSteps steps. */
    public double margin(long step) {
        if (rampSteps == 0 || step >= rampSteps) {
            return marginEnd;
        }
        return marginStart + (marginEnd - marginStart) * step / rampSteps;
    }

    public double marginStart() {
        return marginStart;
    }

    public double marginEnd() {
        return marginEnd;
    }

    public long rampSteps() {
        return rampSteps;
    }

    private SpreadLoss loss() {
        return new SpreadLoss(margin(step));
    }

    @Override
    protected INDArray perExample(INDArray activations, INDArray targets) {
        return loss().perExample(activations, targets);
    }

    @Override
    protected INDArray gradient(INDArray activations, INDArray targets) {
        return loss().gradient(activations, targets);
    }

    @Override
    public boolean equals(Object o) {
        if (!(o instanceof SpreadLossFunction)) {
            return false;
        }
        SpreadLossFunction s = (SpreadLossFunction) o;
        return s.marginStart == marginStart && s.marginEnd == marginEnd && s.rampSteps == rampSteps;
    }

    @Override
    public int hashCode() {
        return Double.hashCode(marginStart) * 31 + Double.hashCode(marginEnd) * 17 + Long.hashCode(rampSteps);
    }

    @Override
    public String toString() {
        return "SpreadLoss(margin " + marginStart + " -> " + marginEnd + " over " + rampSteps + " steps)";
    }
}
