package org.capsnet.model.family;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.capsnet.InvalidInputException;
import org.capsnet.model.CapsNetConfig;
import org.capsnet.model.NetworkArchitecture;
import org.capsnet.model.baseline.BaselineCnnConfig;
import org.junit.jupiter.api.Test;

class FamiliesTest {

    @Test
    void everyFamilyIsNamedAsItsConfigurationReportsIt() {
        for (Family f : Families.all()) {
            NetworkArchitecture paper = f.paper();
            assertEquals(f.name(), paper.family());
            assertInstanceOf(f.type(), paper);
        }
        assertTrue(
                Families.names().containsAll(List.of("capsnet", "baseline-cnn")),
                Families.names().toString());
        assertEquals(
                Families.names().size(), Families.names().stream().distinct().count(), "names are unique");
    }

    @Test
    void widthDivisorDividesChannelAndUnitCounts() {
        CapsNetConfig caps =
                (CapsNetConfig) Families.named(CapsNetConfig.FAMILY).paperDividedBy(8);
        assertEquals(32, caps.conv1Channels());
        assertEquals(4, caps.primaryCapsuleChannels());
        assertEquals(
                List.of(64, 128),
                java.util.Arrays.stream(caps.decoderHidden()).boxed().toList());
        BaselineCnnConfig cnn =
                (BaselineCnnConfig) Families.named(BaselineCnnConfig.FAMILY).paperDividedBy(8);
        assertEquals(64, cnn.conv1Channels());
        assertEquals(32, cnn.conv2Channels());
        assertEquals(128, cnn.hiddenUnits());
        assertEquals(
                CapsNetConfig.paper().toString(),
                Families.named("capsnet").paperDividedBy(1).toString());
    }

    @Test
    void paperMultiMnistComparesTheCapsNetWithTheBaseline() {
        assertEquals(
                List.of("capsnet", "baseline-cnn"),
                Families.paperMultiMnist(1).stream()
                        .map(NetworkArchitecture::family)
                        .toList());
    }

    @Test
    void anUnknownFamilyIsRejectedNamingTheKnownOnes() {
        InvalidInputException e = assertThrows(InvalidInputException.class, () -> Families.named("resnet"));
        assertTrue(e.getMessage().contains("resnet") && e.getMessage().contains("baseline-cnn"), e.getMessage());
    }
}
