package org.capsnet.model.family;

import java.util.function.IntFunction;
import org.capsnet.model.NetworkArchitecture;

/**
 * One network family: its {@code name} (what {@link NetworkArchitecture#family()} returns, the {@code "family"}
 * property in model provenance JSON and the command line's architecture name), its configuration class, and the
 * paper's sizes with every channel and unit count divided by a divisor ({@code widthDividedBy.apply(1)}: the paper's
 * sizes).
 */
public record Family(
        String name, Class<? extends NetworkArchitecture> type, IntFunction<NetworkArchitecture> widthDividedBy) {

    /** The family's configuration with the paper's sizes. */
    public NetworkArchitecture paper() {
        return widthDividedBy.apply(1);
    }

    /** The paper's sizes with every channel and unit count divided by {@code divisor} (at least 1). */
    public NetworkArchitecture paperDividedBy(int divisor) {
        return widthDividedBy.apply(divisor);
    }
}
