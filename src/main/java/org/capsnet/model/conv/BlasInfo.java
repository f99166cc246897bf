package org.capsnet.model.conv;

import com.sun.jna.Function;
import com.sun.jna.NativeLibrary;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.bytedeco.javacpp.Loader;
import org.capsnet.host.FloatRows;
import org.capsnet.host.HostLoops;
import org.nd4j.linalg.factory.Nd4j;

/**
 * What produced a throughput figure: the CPU, the BLAS library ND4J loaded, its version, the kernels (core) it runs,
 * and how {@link OpenBlasCoreType} chose them. Read from the loaded library itself ({@code openblas_get_config},
 * {@code openblas_get_corename}), so it reports what runs, not what was asked for.
 *
 * @param cpuModel      the CPU's model name from /proc/cpuinfo ("unknown" elsewhere)
 * @param vendor        ND4J's BLAS vendor (OPENBLAS, MKL, CUBLAS, ...)
 * @param library       the BLAS library's build description, e.g. "OpenBLAS 0.3.19 DYNAMIC_ARCH NO_AFFINITY ..."
 * @param core          the kernels OpenBLAS runs, e.g. "SkylakeX" ("unknown" when it cannot be read)
 * @param coreTypeChoice how the core type was chosen (see {@link OpenBlasCoreType.Choice})
 * @param convolution   the convolution path the capsule network's own layers use
 * @param openMpWaitPolicy OpenMP's wait policy (see {@link NativeEnvironment})
 * @param blasThreadTimeout OpenBLAS's thread timeout (see {@link NativeEnvironment})
 */
public record BlasInfo(
        String cpuModel,
        String vendor,
        String library,
        String core,
        String coreTypeChoice,
        String convolution,
        String openMpWaitPolicy,
        String blasThreadTimeout) {

    private static final String UNKNOWN = "unknown";

    /** Reads it in this process (loads ND4J if nobody has). */
    public static BlasInfo current() {
        NativeEnvironment.configure(); // before ND4J loads OpenBLAS and OpenMP
        OpenBlasCoreType.Choice choice = OpenBlasCoreType.choice();
        String vendor = String.valueOf(Nd4j.factory().blas().getBlasVendor());
        NativeLibrary openBlas = loadedOpenBlas();
        String library = openBlas == null ? vendor : call(openBlas, "openblas_get_config");
        String core = openBlas == null ? UNKNOWN : call(openBlas, "openblas_get_corename");
        return new BlasInfo(
                readCpuModel(),
                vendor,
                library,
                core,
                choice.toString(),
                convolutionPath(),
                NativeEnvironment.openMpWaitPolicy(),
                NativeEnvironment.openBlasThreadTimeout());
    }

    /**
     * The convolution, pooling and routing paths on this backend (see {@link ConvolutionNhwc}, {@link MaxPoolNhwc}).
     */
    static String convolutionPath() {
        return HostLoops.isCpuBackend()
                ? "NHWC im2col + sgemm, Java col2im and max pooling; "
                        + (FloatRows.simd() ? "Java prediction vectors and routing, " : "Java routing, ")
                        + FloatRows.describe()
                : "NHWC im2col + sgemm, libnd4j col2im; ND4J-ops max pooling and routing";
    }

    private static NativeLibrary loadedOpenBlas() {
        try {
            for (Map.Entry<String, String> e : Loader.getLoadedLibraries().entrySet()) {
                String name = e.getKey().toLowerCase(Locale.ROOT);
                if (name.contains("openblas") && !name.contains("jni") && e.getValue() != null) {
                    return NativeLibrary.getInstance(e.getValue());
                }
            }
        } catch (Throwable e) {
            // not loaded through JavaCPP, or no JNA: report unknown
        }
        return null;
    }

    private static String call(NativeLibrary library, String function) {
        try {
            Function f = library.getFunction(function);
            String value = f.invokeString(new Object[0], false);
            return value == null ? UNKNOWN : value.trim();
        } catch (Throwable e) {
            return UNKNOWN;
        }
    }

    static String readCpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(l -> l.startsWith("model name"))
                    .findFirst()
                    .map(l -> l.substring(l.indexOf(':') + 1).trim())
                    .orElse(UNKNOWN);
        } catch (IOException | RuntimeException e) {
            return UNKNOWN;
        }
    }
}
