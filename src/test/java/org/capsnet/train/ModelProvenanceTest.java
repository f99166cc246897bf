package org.capsnet.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.capsnet.model.CapsNetConfig;
import org.capsnet.model.NetworkArchitecture;
import org.capsnet.model.baseline.BaselineCnnConfig;
import org.junit.jupiter.api.Test;

class ModelProvenanceTest {

    @Test
    void architectureIsWrittenWithItsFamilyAndReadBackAsTheSameClass() {
        CapsNetConfig arch = CapsNetConfig.builder()
                .inputSize(36)
                .routings(2)
                .digitsPerImage(2)
                .build();
        ModelProvenance p = ModelProvenance.of(arch, TrainingConfig.builder().build(), "data", Map.of(), "local");
        String json = p.toJson();
        assertTrue(json.contains("\"family\" : \"capsnet\""), json);
        NetworkArchitecture back = ModelProvenance.fromJson(json).architecture();
        CapsNetConfig c = assertInstanceOf(CapsNetConfig.class, back);
        assertEquals(36, c.inputSize());
        assertEquals(2, c.routings());
        assertEquals(2, c.digitsPerImage());
    }

    @Test
    void baselineCnnIsReadBackAsABaselineCnn() {
        BaselineCnnConfig arch =
                BaselineCnnConfig.builder().conv1(32, 9).hiddenUnits(64).build();
        ModelProvenance p = ModelProvenance.of(arch, TrainingConfig.builder().build(), "data", Map.of(), "local");
        String json = p.toJson();
        assertTrue(json.contains("\"family\" : \"baseline-cnn\""), json);
        BaselineCnnConfig back = assertInstanceOf(
                BaselineCnnConfig.class, ModelProvenance.fromJson(json).architecture());
        assertEquals(arch.toString(), back.toString());
    }

    @Test
    void provenanceWrittenBeforeFamiliesLoadsAsASingleDigitCapsNet() {
        String old = "{\"architecture\" : {\"inputSize\" : 28, \"numClasses\" : 10, \"conv1Channels\" : 32,"
                + " \"conv1Kernel\" : 9, \"primaryCapsuleChannels\" : 8, \"primaryCapsuleDim\" : 8,"
                + " \"primaryKernel\" : 9, \"primaryStride\" : 2, \"digitCapsuleDim\" : 16, \"routings\" : 3,"
                + " \"stopGradientInRouting\" : false, \"decoderHidden\" : [64, 128],"
                + " \"reconstructionWeight\" : 5.0E-4}, \"epochsCompleted\" : 2}";
        ModelProvenance p = ModelProvenance.fromJson(old);
        CapsNetConfig c = assertInstanceOf(CapsNetConfig.class, p.architecture());
        assertEquals(32, c.conv1Channels());
        assertEquals(1, c.digitsPerImage());
        assertEquals(2, p.epochsCompleted());
    }

    @Test
    void provenanceCarriesItsFormatVersionAndOlderFilesReadAsVersion1() {
        ModelProvenance now = ModelProvenance.of(
                CapsNetConfig.paper(), TrainingConfig.builder().build(), "data", Map.of("train", "ab"), "local");
        assertTrue(now.toJson().contains("\"formatVersion\" : " + ModelProvenance.FORMAT_VERSION), now.toJson());
        assertEquals(
                ModelProvenance.FORMAT_VERSION,
                ModelProvenance.read(now.toJson()).formatVersion());
        String old = now.toJson().replaceFirst("\"formatVersion\" : \\d+,", "");
        ModelProvenance before = ModelProvenance.read(old);
        assertEquals(1, before.formatVersion());
        assertEquals(Map.of("train", "ab"), before.dataSha256());
    }

    @Test
    void copiesLeaveTheOriginalAsItWasAndItsMapsCannotBeChanged() {
        ModelProvenance p = ModelProvenance.of(
                CapsNetConfig.paper(), TrainingConfig.builder().build(), "data", Map.of("train", "ab"), "local");
        ModelProvenance later = p.afterEpochs(2, 0.9).midEpoch(3, 1.5, 30, 2.0);
        assertEquals(0, p.epochsCompleted());
        assertEquals(2, later.epochsCompleted());
        assertEquals(3, later.roundsCompleted());
        assertEquals(0.9, later.lastTestAccuracy());
        assertThrows(UnsupportedOperationException.class, () -> p.dataSha256().put("x", "y"));
        assertThrows(UnsupportedOperationException.class, () -> p.versions().clear());
    }

    @Test
    void anUnknownFamilyIsRefusedOnOneLineNamingIt() {
        String json = ModelProvenance.of(
                        CapsNetConfig.builder().build(),
                        TrainingConfig.builder().build(),
                        "data",
                        Map.of(),
                        "local")
                .toJson()
                .replace("\"capsnet\"", "\"capsnet-v9\"");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelProvenance.read(json));
        assertTrue(e.getMessage().contains("'capsnet-v9'"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }

    @Test
    void aValueOfTheWrongTypeIsRefusedOnOneLineNamingTheField() {
        String json = "{\"architecture\" : {\"family\" : \"capsnet\"},\n \"epochsCompleted\" : \"two\"}";
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ModelProvenance.read(json));
        assertTrue(e.getMessage().contains("epochsCompleted") && e.getMessage().contains("line 2"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
    }

    @Test
    void provenanceWithoutAnArchitectureIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> ModelProvenance.read("{\"epochsCompleted\" : 2}"));
        assertThrows(IllegalArgumentException.class, () -> ModelProvenance.read("null"));
    }
}
