package org.capsnet.io;

import java.io.IOException;
import java.io.OutputStream;

/** Writes a file's whole content to a stream; {@link StoragePath#writeAtomically} owns opening and closing it. */
@FunctionalInterface
public interface StreamWriter {
    void writeTo(OutputStream out) throws IOException;
}
