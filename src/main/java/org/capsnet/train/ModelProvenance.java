package org.capsnet.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;
import org.capsnet.model.CapsNetConfig;
import org.capsnet.model.NetworkArchitecture;
import org.capsnet.model.family.Families;
import org.nd4j.shade.jackson.annotation.JsonAutoDetect;
import org.nd4j.shade.jackson.core.JsonLocation;
import org.nd4j.shade.jackson.core.JsonProcessingException;
import org.nd4j.shade.jackson.databind.DeserializationContext;
import org.nd4j.shade.jackson.databind.DeserializationFeature;
import org.nd4j.shade.jackson.databind.JavaType;
import org.nd4j.shade.jackson.databind.JsonMappingException;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.nd4j.shade.jackson.databind.SerializationFeature;
import org.nd4j.shade.jackson.databind.deser.DeserializationProblemHandler;
import org.nd4j.shade.jackson.databind.jsontype.TypeIdResolver;

/**
 * How a model was made, saved inside its zip: architecture, training configuration, seed, the SHA-256 of the data
 * files, software versions, and how far training got (which --resume continues from). An immutable value: the
 * {@code after...}/{@code with...} methods return changed copies.
 * <p>
 * The JSON carries {@link #FORMAT_VERSION} as {@code formatVersion}. Version 1, written before the field existed,
 * has the same fields and reads as it is; its architecture may lack its family, which is then a CapsNet.
 */
public final class ModelProvenance {
    /** The format of the JSON written now. */
    public static final int FORMAT_VERSION = 2;

    private static final ObjectMapper JSON = Families.registerSubtypes(new ObjectMapper())
            .setVisibility(org.nd4j.shade.jackson.annotation.PropertyAccessor.ALL, JsonAutoDetect.Visibility.NONE)
            .setVisibility(org.nd4j.shade.jackson.annotation.PropertyAccessor.FIELD, JsonAutoDetect.Visibility.ANY)
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .addHandler(new OldArchitectureIsCapsNet());

    // Final fields that Jackson sets when it reads (its default for fields it may see); nothing else changes them.
    private final int formatVersion;
    private final NetworkArchitecture architecture;
    private final TrainingConfig training;
    private final String dataDirectory;
    private final Map<String, String> dataSha256;
    private final Map<String, String> versions;
    private final String trainer;
    private final int epochsCompleted;
    private final int roundsCompleted;
    private final double epochLossSum;
    private final long epochExamples;
    private final double epochSeconds;
    private final double lastTestAccuracy;
    private final String savedAt;

    /** For JSON: a file without {@code formatVersion} is version 1. */
    private ModelProvenance() {
        this(1, null, null, null, Map.of(), Map.of(), null, 0, 0, 0, 0, 0, Double.NaN, null);
    }

    private ModelProvenance(
            int formatVersion,
            NetworkArchitecture architecture,
            TrainingConfig training,
            String dataDirectory,
            Map<String, String> dataSha256,
            Map<String, String> versions,
            String trainer,
            int epochsCompleted,
            int roundsCompleted,
            double epochLossSum,
            long epochExamples,
            double epochSeconds,
            double lastTestAccuracy,
            String savedAt) {
        this.formatVersion = formatVersion;
        this.architecture = architecture;
        this.training = training;
        this.dataDirectory = dataDirectory;
        this.dataSha256 = new LinkedHashMap<>(dataSha256);
        this.versions = new LinkedHashMap<>(versions);
        this.trainer = trainer;
        this.epochsCompleted = epochsCompleted;
        this.roundsCompleted = roundsCompleted;
        this.epochLossSum = epochLossSum;
        this.epochExamples = epochExamples;
        this.epochSeconds = epochSeconds;
        this.lastTestAccuracy = lastTestAccuracy;
        this.savedAt = savedAt;
    }

    public static ModelProvenance of(
            NetworkArchitecture architecture,
            TrainingConfig training,
            String dataDirectory,
            Map<String, String> dataSha256,
            String trainer) {
        return new ModelProvenance(
                FORMAT_VERSION,
                architecture,
                training,
                dataDirectory,
                dataSha256,
                Versions.current(),
                trainer,
                0,
                0,
                0,
                0,
                0,
                Double.NaN,
                null);
    }

    /** A copy recording that {@code epochs} epochs are complete and the test accuracy after the last one. */
    public ModelProvenance afterEpochs(int epochs, double testAccuracy) {
        return new ModelProvenance(
                FORMAT_VERSION,
                architecture,
                training,
                dataDirectory,
                dataSha256,
                versions,
                trainer,
                epochs,
                0,
                0,
                0,
                0,
                testAccuracy,
                Instant.now().toString());
    }

    /**
     * A copy recording a position inside epoch {@code epochsCompleted + 1}: {@code rounds} rounds done, with the
     * loss sum, examples and seconds of those rounds (so that the resumed epoch reports the whole epoch's mean).
     */
    public ModelProvenance midEpoch(int rounds, double lossSum, long examples, double seconds) {
        return new ModelProvenance(
                FORMAT_VERSION,
                architecture,
                training,
                dataDirectory,
                dataSha256,
                versions,
                trainer,
                epochsCompleted,
                rounds,
                lossSum,
                examples,
                seconds,
                lastTestAccuracy,
                Instant.now().toString());
    }

    /** A copy with the test accuracy of a run that stopped inside an epoch (a round limit). */
    public ModelProvenance withTestAccuracy(double testAccuracy) {
        return new ModelProvenance(
                FORMAT_VERSION,
                architecture,
                training,
                dataDirectory,
                dataSha256,
                versions,
                trainer,
                epochsCompleted,
                roundsCompleted,
                epochLossSum,
                epochExamples,
                epochSeconds,
                testAccuracy,
                savedAt);
    }

    /** The format this provenance was written in (1: before the format had a version). */
    public int formatVersion() {
        return formatVersion;
    }

    public NetworkArchitecture architecture() {
        return architecture;
    }

    public TrainingConfig training() {
        return training;
    }

    public String dataDirectory() {
        return dataDirectory;
    }

    public Map<String, String> dataSha256() {
        return Collections.unmodifiableMap(dataSha256);
    }

    public Map<String, String> versions() {
        return Collections.unmodifiableMap(versions);
    }

    public String trainer() {
        return trainer;
    }

    public int epochsCompleted() {
        return epochsCompleted;
    }

    public double lastTestAccuracy() {
        return lastTestAccuracy;
    }
    /** Rounds done of the epoch after {@link #epochsCompleted} (0 at an epoch boundary). */
    public int roundsCompleted() {
        return roundsCompleted;
    }

    public double epochLossSum() {
        return epochLossSum;
    }

    public long epochExamples() {
        return epochExamples;
    }

    public double epochSeconds() {
        return epochSeconds;
    }
    /** When this provenance was recorded (ISO-8601), null before the first epoch or checkpoint. */
    public String savedAt() {
        return savedAt;
    }

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static ModelProvenance fromJson(String json) {
        try {
            return JSON.readValue(json, ModelProvenance.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Reads provenance from a model file: {@link #fromJson}, and an IllegalArgumentException saying on one line what
     * is wrong when the text is not the provenance of a known architecture (malformed JSON, a value of the wrong
     * type, an unknown family, no architecture).
     */
    public static ModelProvenance read(String json) {
        ModelProvenance p;
        try {
            p = JSON.readValue(json, ModelProvenance.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(describe(e), e);
        }
        if (p == null || p.architecture() == null) {
            throw new IllegalArgumentException("no architecture");
        }
        return p;
    }

    /** Jackson's message without the copy of the source it appends, and where the problem is, on one line. */
    private static String describe(JsonProcessingException e) {
        StringBuilder s =
                new StringBuilder(String.valueOf(e.getOriginalMessage()).replaceAll("\\s*\\R\\s*", " "));
        if (e instanceof JsonMappingException m && !m.getPath().isEmpty()) {
            s.append(" at ")
                    .append(m.getPath().stream()
                            .map(r -> r.getFieldName() != null ? r.getFieldName() : "[" + r.getIndex() + "]")
                            .collect(Collectors.joining(".")));
        }
        JsonLocation where = e.getLocation();
        if (where != null && where.getLineNr() > 0) {
            s.append(" (line ")
                    .append(where.getLineNr())
                    .append(", column ")
                    .append(where.getColumnNr())
                    .append(')');
        }
        return s.toString();
    }

    /** An architecture without a family was written before there were families: it is a CapsNet. */
    private static final class OldArchitectureIsCapsNet extends DeserializationProblemHandler {
        @Override
        public JavaType handleMissingTypeId(
                DeserializationContext ctxt, JavaType baseType, TypeIdResolver resolver, String failureMsg) {
            return baseType.getRawClass() == NetworkArchitecture.class ? ctxt.constructType(CapsNetConfig.class) : null;
        }
    }
}
