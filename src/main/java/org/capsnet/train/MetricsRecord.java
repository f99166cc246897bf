package org.capsnet.train;

/**
 * One line of a metrics file (JSON lines): a {@link RoundRecord}, the loss of the rounds since the last one inside an
 * epoch, or an {@link EpochRecord}, an epoch's totals and test scores. The field names on disk are documented in the
 * README and pinned by a test.
 */
public sealed interface MetricsRecord permits RoundRecord, EpochRecord {
    /** The epoch, counted from 1. */
    int epoch();

    /** The mean training loss over the examples the record covers. */
    double trainLoss();

    /**
     * Where the record sits on the epoch axis: epoch n ends at n, a round record of epoch n at
     * n - 1 + round / rounds, an epoch record just after its epoch's last round.
     */
    double position();
}
