package org.capsnet.model.conv;

import com.sun.jna.Library;
import com.sun.jna.Native;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.bytedeco.javacpp.Loader;

/**
 * Makes OpenBLAS use its AVX-512 (or AVX2) sgemm kernels on CPUs it does not recognise.
 *
 * <p>Measured here (2 cores, Xeon with AVX-512, float32 [1152 x 20736] x [20736 x 256], 2 BLAS threads, best of 9):
 * the OpenBLAS 0.3.19 that ND4J 1.0.0-M2.1 ships is a DYNAMIC_ARCH build that does not know this CPU model and falls
 * back to its "Prescott" (SSE3) kernels: 60-65 GFLOPS, and 25-35 GFLOPS through {@code mmul} of transposed views.
 * With {@code OPENBLAS_CORETYPE=SKYLAKEX} the same gemm runs at 230-270 GFLOPS (about 4x). Operand orders (c/f) and
 * a preallocated result change that by less than the noise (+-10%); what does matter is to call
 * {@code Nd4j.gemm(a, b, out, transposeA, transposeB, 1, 0)} instead of {@code a.mmul(b.transpose())}, which copies
 * the transposed operand (34 vs 277 GFLOPS for [1152 x 256] x [256 x 20736]). BLAS and OpenMP threads are 2 by
 * default here (one per core), which is right. The AVX-512 build of libnd4j (org.nd4j:nd4j-native:1.0.0-M2.1,
 * classifier linux-x86_64-avx512, resolves from Maven Central, 88 MB, JavaCPP loads it automatically when it is on
 * the classpath) made no measurable difference: the gemm is OpenBLAS either way, and im2col/col2im are memory-bound.
 *
 * <p>OpenBLAS reads the variable once, when the library is loaded, i.e. at ND4J's first use. {@link #configure()} sets
 * it in this process (via libc {@code setenv}; JNA comes with ND4J through oshi) unless the user already set it, so
 * call it before anything touches ND4J: first thing in {@code main}, and in each Spark executor before its first ND4J
 * use. Setting the variable in the environment (launcher, {@code spark.executorEnv.OPENBLAS_CORETYPE}, Surefire) does
 * the same and is the more robust way where the machine type is known.
 */
public final class OpenBlasCoreType {
  /** Name of the environment variable read by OpenBLAS DYNAMIC_ARCH builds. */
  public static final String VARIABLE = "OPENBLAS_CORETYPE";

  private static final Pattern WHITESPACE = Pattern.compile("\\s+");
  private static volatile String applied;

  private OpenBlasCoreType() {}

  /** Minimal libc binding. */
  public interface CLibrary extends Library {
    int setenv(String name, String value, int overwrite);
  }

  /**
   * Chooses a core type for this CPU and exports it to the process environment, unless already set.
   *
   * @return the value OpenBLAS will see (null if none chosen); a no-op after the first call
   */
  public static synchronized String configure() {
    if (applied != null) {
      return applied;
    }
    String existing = System.getenv(VARIABLE);
    if (existing != null && !existing.isEmpty()) {
      applied = existing;
      return existing;
    }
    String chosen = chooseFor(cpuFlags());
    if (chosen == null) {
      applied = "";
      return null;
    }
    if (openBlasAlreadyLoaded()) {
      System.err.println("OpenBlasCoreType: OpenBLAS already loaded; " + VARIABLE + "=" + chosen
          + " not applied (call configure() before the first ND4J use)");
    }
    try {
      CLibrary c = Native.loadLibrary("c", CLibrary.class);
      c.setenv(VARIABLE, chosen, 0);
      applied = chosen;
    } catch (Throwable e) {
      System.err.println("OpenBlasCoreType: could not set " + VARIABLE + ": " + e);
      applied = "";
      return null;
    }
    return chosen;
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
          .map(l -> Set.copyOf(Arrays.asList(WHITESPACE.split(l.substring(l.indexOf(':') + 1).trim()))))
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
