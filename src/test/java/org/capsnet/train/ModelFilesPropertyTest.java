package org.capsnet.train;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;
import org.capsnet.InvalidInputException;
import org.capsnet.TempDirs;
import org.capsnet.model.CapsNetConfig;
import org.capsnet.model.TinyCapsNets;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.learning.config.Adam;
import org.nd4j.shade.jackson.core.JsonPointer;
import org.nd4j.shade.jackson.databind.JsonNode;
import org.nd4j.shade.jackson.databind.ObjectMapper;
import org.nd4j.shade.jackson.databind.node.ArrayNode;
import org.nd4j.shade.jackson.databind.node.ObjectNode;
import org.nd4j.shade.jackson.databind.node.TextNode;

/**
 * {@link ModelFiles#load} against random damage to a small valid model zip (a tiny CapsNet saved with its updater
 * state): truncation, random bytes anywhere in the zip (what storage and copies do), and a removed or rewritten
 * provenance entry (random text or bytes, cut JSON, one field set to a value of another type, an unknown family),
 * written into a well-formed zip. Every load either returns a model with an architecture or fails with an
 * {@link InvalidInputException} whose one-line message names the file; never another exception, an Error such as
 * OutOfMemoryError, or a hang.
 * <p>
 * Not covered: damage inside DL4J's array entries (coefficients.bin, updaterState.bin) that comes with a matching
 * CRC-32, i.e. a writer's bug rather than damage to the file. DL4J's reader trusts those headers: it allocates the
 * length one declares and crashes the JVM in native code on an inconsistent shape.
 */
class ModelFilesPropertyTest {
    private static final Duration LIMIT = Duration.ofSeconds(20);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static Path dir;
    private static byte[] valid;
    private static Map<String, byte[]> entries;
    private static JsonNode provenance;
    private static List<String> provenancePointers;

    @BeforeContainer
    static void saveATinyModel() throws IOException {
        dir = TempDirs.create("model-property");
        CapsNetConfig arch = TinyCapsNets.tiny(1, true);
        Path file = dir.resolve("valid.zip");
        ModelFiles.save(
                arch.create(new Adam(1e-3), 1, DataType.FLOAT),
                ModelProvenance.of(arch, TrainingConfig.builder().build(), "data", Map.of("f", "00"), "test"),
                file,
                true);
        valid = Files.readAllBytes(file);
        entries = unzip(valid);
        provenance = JSON.readTree(entries.get(ModelFiles.PROVENANCE_ENTRY));
        provenancePointers = new ArrayList<>();
        collectPointers(provenance, "", provenancePointers);
    }

    @AfterContainer
    static void deleteDirectory() throws IOException {
        TempDirs.deleteRecursively(dir);
    }

    /** A change to the bytes of the model zip. */
    interface Damage {
        byte[] apply(byte[] zip);

        /** Whether the damaged zip can no longer be a loadable model. */
        boolean alwaysInvalid();
    }

    record Truncate(int keep) implements Damage {
        public byte[] apply(byte[] b) {
            return Arrays.copyOf(b, keep % b.length);
        }

        public boolean alwaysInvalid() {
            return true;
        }
    }

    /** Random bytes at random positions of the zip (headers, compressed data, central directory). */
    record Overwrite(List<Integer> positions, List<Byte> values) implements Damage {
        public byte[] apply(byte[] b) {
            byte[] c = b.clone();
            for (int i = 0; i < positions.size(); i++) {
                c[positions.get(i) % c.length] = values.get(i);
            }
            return c;
        }

        public boolean alwaysInvalid() {
            return false;
        }
    }

    /** The provenance entry removed, or replaced by {@code content}. */
    record Provenance(byte[] content, String description) implements Damage {
        public byte[] apply(byte[] b) {
            Map<String, byte[]> e = unzip(b);
            if (content == null) {
                e.remove(ModelFiles.PROVENANCE_ENTRY);
            } else {
                e.put(ModelFiles.PROVENANCE_ENTRY, content);
            }
            return zip(e);
        }

        public boolean alwaysInvalid() {
            return content == null;
        }

        @Override
        public String toString() {
            return "Provenance[" + description + "]";
        }
    }

    /** The architecture's family set to {@code family}: a model of an unknown family is not loadable. */
    record Family(String family) implements Damage {
        public byte[] apply(byte[] b) {
            ObjectNode p = provenance.deepCopy();
            ((ObjectNode) p.get("architecture")).put("family", family);
            Map<String, byte[]> e = unzip(b);
            e.put(ModelFiles.PROVENANCE_ENTRY, p.toString().getBytes(StandardCharsets.UTF_8));
            return zip(e);
        }

        public boolean alwaysInvalid() {
            return !List.of("capsnet", "baseline-cnn").contains(family);
        }
    }

    @Provide
    Arbitrary<Damage> damage() {
        Arbitrary<Integer> anywhere = Arbitraries.integers().between(0, Integer.MAX_VALUE);
        return Arbitraries.oneOf(
                anywhere.map(Truncate::new),
                Arbitraries.integers()
                        .between(1, 8)
                        .flatMap(n -> Combinators.combine(
                                        anywhere.list().ofSize(n),
                                        Arbitraries.bytes().list().ofSize(n))
                                .as(Overwrite::new)),
                provenanceDamage(),
                Arbitraries.oneOf(
                                Arbitraries.of("capsnet", "baseline-cnn", "", "CapsNet", "capsnet2", "null"),
                                Arbitraries.strings().ofMaxLength(12))
                        .map(Family::new));
    }

    private static Arbitrary<Damage> provenanceDamage() {
        return Arbitraries.oneOf(
                Arbitraries.just(new Provenance(null, "removed")),
                Arbitraries.strings()
                        .ofMaxLength(200)
                        .map(s -> new Provenance(s.getBytes(StandardCharsets.UTF_8), "text " + s)),
                Arbitraries.bytes()
                        .array(byte[].class)
                        .ofMaxSize(200)
                        .map(b -> new Provenance(b, "bytes " + Arrays.toString(b))),
                Arbitraries.integers().between(0, Integer.MAX_VALUE).map(keep -> {
                    String s = provenance.toString();
                    s = s.substring(0, keep % s.length());
                    return new Provenance(s.getBytes(StandardCharsets.UTF_8), "cut " + s);
                }),
                Combinators.combine(
                                Arbitraries.integers().between(0, Integer.MAX_VALUE),
                                Arbitraries.of(
                                        "\"x\"",
                                        "\"\"",
                                        "null",
                                        "true",
                                        "-1",
                                        "0",
                                        "1.5",
                                        "2147483648",
                                        "-9223372036854775809",
                                        "123456789012345678901234567890",
                                        "1e999",
                                        "-1e999",
                                        "[]",
                                        "[1, 2]",
                                        "[\"a\", null]",
                                        "{}",
                                        "{\"family\" : \"capsnet\"}",
                                        "\"capsnet\"",
                                        "\"baseline-cnn\"",
                                        "\"nosuchfamily\"",
                                        "NaN"))
                        .as((index, value) -> {
                            String pointer = provenancePointers.get(index % provenancePointers.size());
                            return new Provenance(
                                    replace(pointer, value).getBytes(StandardCharsets.UTF_8), pointer + " = " + value);
                        }),
                Arbitraries.of(
                                "null",
                                "[]",
                                "{}",
                                "1",
                                "\"text\"",
                                "{\"architecture\" : null}",
                                "{\"architecture\" : {}}",
                                "{\"architecture\" : {\"family\" : \"baseline-cnn\"}}")
                        .map(s -> new Provenance(s.getBytes(StandardCharsets.UTF_8), s)));
    }

    /** The provenance JSON with the node at {@code pointer} replaced by the raw JSON text {@code value}. */
    private static String replace(String pointer, String value) {
        JsonNode copy = provenance.deepCopy();
        JsonPointer p = JsonPointer.compile(pointer);
        JsonNode parent = copy.at(p.head());
        String marker = "@@value@@";
        if (parent instanceof ObjectNode o) {
            o.set(p.last().getMatchingProperty(), TextNode.valueOf(marker));
        } else {
            ((ArrayNode) parent).set(p.last().getMatchingIndex(), TextNode.valueOf(marker));
        }
        return copy.toString().replace("\"" + marker + "\"", value);
    }

    private static void collectPointers(JsonNode node, String pointer, List<String> out) {
        if (node.isObject()) {
            for (Iterator<String> names = node.fieldNames(); names.hasNext(); ) {
                String name = names.next();
                String child = pointer + "/" + name.replace("~", "~0").replace("/", "~1");
                out.add(child);
                collectPointers(node.get(name), child, out);
            }
        } else if (node.isArray()) {
            for (int i = 0; i < node.size(); i++) {
                out.add(pointer + "/" + i);
                collectPointers(node.get(i), pointer + "/" + i, out);
            }
        }
    }

    private static Map<String, byte[]> unzip(byte[] zip) {
        Map<String, byte[]> out = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                out.put(e.getName(), in.readAllBytes());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    private static byte[] zip(Map<String, byte[]> entries) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                out.putNextEntry(new ZipEntry(e.getKey()));
                out.write(e.getValue());
                out.closeEntry();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Loads {@code file}: the model, or null after a bad-input error that names the file on one line. */
    private static ModelFiles.SavedModel loadOrBadInput(Path file, boolean withUpdater, Damage damage) {
        try {
            return assertTimeoutPreemptively(
                    LIMIT, () -> ModelFiles.load(file, withUpdater), "loading " + file + " hung after " + damage);
        } catch (InvalidInputException e) {
            String m = e.getMessage();
            assertNotNull(m, damage.toString());
            assertTrue(m.contains(file.toString()), m);
            assertFalse(m.contains("\n") || m.contains("\r"), damage + " gave " + m);
            return null;
        } catch (Throwable t) {
            return fail(damage + " failed with " + t, t);
        }
    }

    @Property(tries = 3000)
    void damagedModelZipsLoadOrFailAsOneLineBadInputNamingTheFile(
            @ForAll("damage") Damage damage, @ForAll boolean withUpdater) throws IOException {
        Path file = dir.resolve("damaged.zip");
        Files.write(file, damage.apply(valid));
        ModelFiles.SavedModel model = loadOrBadInput(file, withUpdater, damage);
        Statistics.collect(damage.getClass().getSimpleName(), model == null ? "bad input" : "loaded");
        if (model != null) {
            assertNotNull(model.graph(), damage.toString());
            assertNotNull(model.provenance(), damage.toString());
            assertNotNull(model.provenance().architecture(), damage.toString());
        }
        if (damage.alwaysInvalid()) {
            assertNull(model, damage + " was loaded");
        }
    }
}
