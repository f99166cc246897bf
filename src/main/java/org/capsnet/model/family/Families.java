package org.capsnet.model.family;

import java.util.List;
import org.capsnet.InvalidInputException;
import org.capsnet.model.CapsNetConfig;
import org.capsnet.model.NetworkArchitecture;
import org.capsnet.model.baseline.BaselineCnnConfig;
import org.capsnet.model.em.EmCapsNetConfig;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.nd4j.shade.jackson.databind.jsontype.NamedType;

/**
 * The network families, in one list: the command line's architecture names, the notebooks and the JSON of model
 * provenance ({@link #registerSubtypes}) all read it. A new family is one more entry here.
 */
public final class Families {
    private static final List<Family> ALL = List.of(
            new Family(
                    CapsNetConfig.FAMILY,
                    CapsNetConfig.class,
                    d -> CapsNetConfig.paper().widthDividedBy(d)),
            new Family(
                    BaselineCnnConfig.FAMILY,
                    BaselineCnnConfig.class,
                    d -> BaselineCnnConfig.paper().widthDividedBy(d)),
            // Matrix capsules with EM routing (Hinton, Sabour, Frosst 2018), at the A = B = C = D = 32 sizes.
            new Family(
                    EmCapsNetConfig.FAMILY,
                    EmCapsNetConfig.class,
                    d -> EmCapsNetConfig.defaults().widthDividedBy(d)));

    /** The families of the paper's MultiMNIST comparison (section 6): the CapsNet and the baseline CNN. */
    private static final List<String> PAPER_MULTIMNIST = List.of(CapsNetConfig.FAMILY, BaselineCnnConfig.FAMILY);

    private Families() {}

    public static List<Family> all() {
        return ALL;
    }

    public static List<String> names() {
        return ALL.stream().map(Family::name).toList();
    }

    /**
     * The family called {@code name}.
     *
     * @throws InvalidInputException naming the known families when there is none of that name
     */
    public static Family named(String name) {
        return ALL.stream()
                .filter(f -> f.name().equals(name))
                .findFirst()
                .orElseThrow(
                        () -> new InvalidInputException("unknown network family '" + name + "'; known: " + names()));
    }

    /**
     * The models of the paper's MultiMNIST comparison with every channel and unit count divided by {@code divisor}
     * (1: the paper's sizes); their input size and digits per image follow from the data.
     */
    public static List<NetworkArchitecture> paperMultiMnist(int divisor) {
        return PAPER_MULTIMNIST.stream()
                .map(name -> named(name).paperDividedBy(divisor))
                .toList();
    }

    /**
     * Lets {@code mapper} read a {@link NetworkArchitecture} by its {@code "family"} property (the property itself
     * is declared on the interface); returns {@code mapper}.
     */
    public static ObjectMapper registerSubtypes(ObjectMapper mapper) {
        for (Family f : ALL) {
            mapper.registerSubtypes(new NamedType(f.type(), f.name()));
        }
        return mapper;
    }
}
