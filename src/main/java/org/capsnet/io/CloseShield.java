package org.capsnet.io;

import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;

/** Passes writes through and turns close() into flush(): the {@link AtomicOutput} owns closing the real stream. */
final class CloseShield extends FilterOutputStream {
    CloseShield(OutputStream out) {
        super(out);
    }

    @Override
    public void write(byte[] b, int off, int len) throws IOException {
        out.write(b, off, len);
    }

    @Override
    public void close() throws IOException {
        out.flush();
    }
}
