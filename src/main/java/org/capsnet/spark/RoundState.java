package org.capsnet.spark;

import java.io.Serializable;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * What the driver broadcasts at the start of an averaging round: the network's configuration (JSON, the same all
 * run), its parameters and optimiser state, and the global Adam step count and epoch that the workers continue
 * from. (A class, not a record: Spark's Kryo 4 cannot serialise records.)
 */
final class RoundState implements Serializable {
    private static final long serialVersionUID = 1L;

    final String configurationJson;
    final INDArray parameters;
    /** Null for an updater without state (SGD). */
    final INDArray updaterState;

    final long iteration;
    final int epoch;

    RoundState(String configurationJson, INDArray parameters, INDArray updaterState, long iteration, int epoch) {
        this.configurationJson = configurationJson;
        this.parameters = parameters;
        this.updaterState = updaterState;
        this.iteration = iteration;
        this.epoch = epoch;
    }
}
