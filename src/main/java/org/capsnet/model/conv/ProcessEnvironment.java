package org.capsnet.model.conv;

import com.sun.jna.Library;
import com.sun.jna.Native;

/**
 * Sets a variable in this process's environment through libc's {@code setenv} (JNA comes with ND4J), where native
 * libraries loaded later read it; Java's {@link System#getenv} is a snapshot and does not see the change.
 */
final class ProcessEnvironment {
    private ProcessEnvironment() {}

    /** Minimal libc binding. */
    interface CLibrary extends Library {
        int setenv(String name, String value, int overwrite);
    }

    /**
     * Sets {@code name=value}, replacing any value.
     *
     * @throws IllegalStateException when libc cannot be reached or refuses
     */
    static void set(String name, String value) {
        int result;
        try {
            result = Native.loadLibrary("c", CLibrary.class).setenv(name, value, 1);
        } catch (Throwable e) {
            throw new IllegalStateException("libc setenv unavailable: " + e, e);
        }
        if (result != 0) {
            throw new IllegalStateException("libc setenv(" + name + ") returned " + result);
        }
    }
}
