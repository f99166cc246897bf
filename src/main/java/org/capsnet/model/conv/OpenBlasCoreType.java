package org.capsnet.model.conv;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.bytedeco.javacpp.Loader;
import org.capsnet.InvalidInputException;

/**
 * Makes OpenBLAS use the widest sgemm kernels this CPU has (AVX-512, else AVX2), whatever core it guesses or the
 * environment names.
 *
 * <p>Measured (2 cores, float32 [1152 x 20736] x [20736 x 256], 2 BLAS threads). Intel Xeon with AVX-512: the
 * OpenBLAS 0.3.19 that ND4J 1.0.0-M2.1 ships does not know the CPU model and falls back to its "Prescott" (SSE3)
 * kernels, 60-65 GFLOPS; SKYLAKEX runs the same gemm at 230-270. AMD EPYC Zen 5 (AVX-512, full-width FMA): its machine
 * environment sets {@code OPENBLAS_CORETYPE=Haswell} (AVX2), 222 GFLOPS by CPU time; SKYLAKEX gives 408, 1.8x. So
 * the policy below overrides an inherited core type that is narrower than what the CPU supports. Also:
 * {@code Nd4j.gemm(a, b, out, transposeA, transposeB, 1, 0)} instead of {@code a.mmul(b.transpose())}, which copies
 * the transposed operand (34 vs 277 GFLOPS for [1152 x 256] x [256 x 20736]).
 *
 * <p>Policy, from the setting {@value #SETTING_PROPERTY} (system property) or {@value #SETTING_VARIABLE}
 * (environment): {@code auto} (default) chooses from the CPU flags and replaces an inherited
 * {@code OPENBLAS_CORETYPE} only when that one is narrower (SSE/AVX2 kernels on an AVX-512 CPU); {@code inherit}
 * leaves the environment alone; any other value is used as the core type itself.
 *
 * <p>OpenBLAS reads the variable once, when the library is loaded, i.e. at ND4J's first use. {@link #configure()}
 * sets it in this process (via libc {@code setenv}; JNA comes with ND4J through oshi), so call it before anything
 * touches ND4J: first thing in {@code main}, and in each Spark executor before its first ND4J use (the Kryo
 * registrator does). {@link #choice()} says what was chosen and why, for {@code info} and {@code benchmark}.
 */
public final class OpenBlasCoreType {
    /** Name of the environment variable read by OpenBLAS DYNAMIC_ARCH builds. */
    public static final String VARIABLE = "OPENBLAS_CORETYPE";
    /** System property with the policy: auto, inherit, or a core type. */
    public static final String SETTING_PROPERTY = "capsnet.openblas.coretype";
    /** Environment variable with the policy, read when the system property is absent. */
    public static final String SETTING_VARIABLE = "CAPSNET_OPENBLAS_CORETYPE";

    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    /** The x86-64 core types OpenBLAS 0.3.19's DYNAMIC_ARCH build accepts in {@value #VARIABLE} (any case). */
    static final Set<String> KNOWN_CORE_TYPES = Set.of(
            "KATMAI",
            "COPPERMINE",
            "NORTHWOOD",
            "PRESCOTT",
            "BANIAS",
            "ATOM",
            "CORE2",
            "PENRYN",
            "DUNNINGTON",
            "NEHALEM",
            "ATHLON",
            "OPTERON",
            "OPTERON_SSE3",
            "BARCELONA",
            "NANO",
            "SANDYBRIDGE",
            "BOBCAT",
            "BULLDOZER",
            "PILEDRIVER",
            "HASWELL",
            "STEAMROLLER",
            "EXCAVATOR",
            "ZEN",
            "SKYLAKEX",
            "COOPERLAKE",
            "SAPPHIRERAPIDS");

    private static volatile Choice applied;

    private OpenBlasCoreType() {}

    /**
     * The core type this process gave OpenBLAS: {@code value} null when none was set, {@code source} one of
     * "cpu" (chosen from the CPU flags), "environment" (inherited and kept), "setting" (named by the setting),
     * "none"; {@code inherited} the environment's value before, or null.
     */
    public record Choice(String value, String source, String inherited) {
        @Override
        public String toString() {
            String v = value == null ? "OpenBLAS's own choice" : value;
            return inherited != null && !inherited.equals(value) && value != null
                    ? v + " (" + source + "; the environment's " + inherited + " replaced)"
                    : v + " (" + source + ")";
        }
    }

    /**
     * Chooses a core type for this CPU by the policy above and exports it to the process environment.
     *
     * @return the value OpenBLAS will see (null if none); a no-op after the first call
     */
    public static synchronized String configure() {
        if (applied != null) {
            return applied.value();
        }
        String property = System.getProperty(SETTING_PROPERTY);
        String setting = property != null ? property : System.getenv(SETTING_VARIABLE);
        String settingName = property != null ? "-D" + SETTING_PROPERTY : SETTING_VARIABLE;
        Choice choice = decide(setting, settingName, System.getenv(VARIABLE), chooseFor(cpuFlags()));
        if (choice.value() != null && !choice.value().equals(choice.inherited())) {
            if (openBlasAlreadyLoaded()) {
                System.err.println("OpenBlasCoreType: OpenBLAS already loaded; " + VARIABLE + "=" + choice.value()
                        + " not applied (call configure() before the first ND4J use)");
            }
            try {
                ProcessEnvironment.set(VARIABLE, choice.value());
            } catch (IllegalStateException e) {
                System.err.println("OpenBlasCoreType: could not set " + VARIABLE + ": " + e);
                choice = new Choice(
                        choice.inherited(), choice.inherited() == null ? "none" : "environment", choice.inherited());
            }
        }
        applied = choice;
        return choice.value();
    }

    /** What {@link #configure()} chose; configures first if nobody has. */
    public static Choice choice() {
        configure();
        return applied;
    }

    /**
     * The policy, without side effects: {@code setting} auto/inherit/a core (null = auto).
     *
     * @throws InvalidInputException naming {@code settingName} when the setting is none of those: OpenBLAS would
     *     print "core not found" and pick its own kernels, silently ignoring what the user asked for
     */
    static Choice decide(String setting, String settingName, String inherited, String forCpu) {
        String inheritedValue = inherited == null || inherited.isBlank() ? null : inherited.trim();
        String policy = setting == null || setting.isBlank() ? "auto" : setting.trim();
        if (policy.equalsIgnoreCase("inherit")) {
            return new Choice(inheritedValue, inheritedValue == null ? "none" : "environment", inheritedValue);
        }
        if (!policy.equalsIgnoreCase("auto")) {
            String core = policy.toUpperCase(Locale.ROOT);
            if (!KNOWN_CORE_TYPES.contains(core)) {
                throw new InvalidInputException(settingName + " must be auto, inherit or an OpenBLAS core type such as "
                        + "SkylakeX, Haswell or Zen; got '" + policy + "'");
            }
            return new Choice(core, "setting", inheritedValue);
        }
        if (inheritedValue != null && (forCpu == null || width(inheritedValue) >= width(forCpu))) {
            return new Choice(inheritedValue, "environment", inheritedValue);
        }
        return forCpu == null ? new Choice(null, "none", null) : new Choice(forCpu, "cpu", inheritedValue);
    }

    /** Vector width in bits of a core type's sgemm kernels, as far as this class knows (unknown: 512, kept). */
    static int width(String coreType) {
        switch (coreType.toUpperCase(Locale.ROOT)) {
            case "SKYLAKEX":
            case "COOPERLAKE":
            case "SAPPHIRERAPIDS":
                return 512;
            case "HASWELL":
            case "ZEN":
            case "SANDYBRIDGE":
            case "EXCAVATOR":
            case "STEAMROLLER":
            case "PILEDRIVER":
            case "BULLDOZER":
                return 256;
            case "PRESCOTT":
            case "CORE2":
            case "PENRYN":
            case "DUNNINGTON":
            case "NEHALEM":
            case "ATOM":
            case "KATMAI":
            case "COPPERMINE":
            case "NORTHWOOD":
            case "BANIAS":
            case "OPTERON":
            case "BARCELONA":
            case "BOBCAT":
                return 128;
            default:
                return 512;
        }
    }

    /** SKYLAKEX with the AVX-512 subsets its kernels use, HASWELL with AVX2 and FMA, else null (leave OpenBLAS be). */
    static String chooseFor(Set<String> flags) {
        if (flags.containsAll(Set.of("avx512f", "avx512bw", "avx512dq", "avx512vl", "avx512cd"))) {
            return "SKYLAKEX";
        }
        if (flags.containsAll(Set.of("avx2", "fma"))) {
            return "HASWELL";
        }
        return null;
    }

    private static Set<String> cpuFlags() {
        if (!System.getProperty("os.name", "").toLowerCase(Locale.ROOT).contains("linux")) {
            return Set.of();
        }
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(l -> l.startsWith("flags"))
                    .findFirst()
                    .map(l -> Set.copyOf(Arrays.asList(
                            WHITESPACE.split(l.substring(l.indexOf(':') + 1).trim()))))
                    .orElse(Set.of());
        } catch (IOException | RuntimeException e) {
            return Set.of();
        }
    }

    private static boolean openBlasAlreadyLoaded() {
        try {
            return Loader.getLoadedLibraries().keySet().stream()
                    .anyMatch(k -> k.toLowerCase(Locale.ROOT).contains("openblas"));
        } catch (Throwable e) {
            return false;
        }
    }
}
