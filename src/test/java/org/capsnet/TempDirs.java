package org.capsnet;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Temporary directories where JUnit's {@code @TempDir} does not reach: jqwik properties (created in
 * {@code @BeforeContainer}, deleted in {@code @AfterContainer}) and directories reused across test methods.
 */
public final class TempDirs {
    private TempDirs() {}

    public static Path create(String prefix) throws IOException {
        return Files.createTempDirectory(prefix);
    }

    /** Deletes {@code dir} and everything in it; nothing when it does not exist (or is null). */
    public static void deleteRecursively(Path dir) throws IOException {
        if (dir == null || !Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
