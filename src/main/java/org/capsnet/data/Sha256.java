package org.capsnet.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.capsnet.io.StoragePath;

/**
 * SHA-256 of files, as lower-case hex: of a file's bytes ({@link #of}), or of the IDX bytes it holds, decompressed
 * when it is gzip ({@link #ofContent}, {@link #ofIdx}): what identifies a data set file whatever its compression.
 */
public final class Sha256 {
    private Sha256() {}

    public static String of(Path file) {
        return of(StoragePath.local(file));
    }

    public static String of(StoragePath file) {
        MessageDigest md = newDigest();
        try (InputStream in = file.openInput()) {
            byte[] buf = new byte[1 << 16];
            int r;
            while ((r = in.read(buf)) > 0) {
                md.update(buf, 0, r);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /**
     * SHA-256 of the file's content: its bytes decompressed when it starts with the gzip magic, else its bytes.
     * A corrupt gzip stream is an {@link org.capsnet.InvalidInputException} naming the file.
     */
    public static String ofContent(StoragePath file) {
        MessageDigest md = newDigest();
        try (InputStream in = IdxReader.open(file)) {
            byte[] buf = new byte[1 << 16];
            int r;
            while ((r = in.read(buf)) > 0) {
                md.update(buf, 0, r);
            }
        } catch (IOException e) {
            throw IdxReader.readError(file, e);
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /**
     * SHA-256 of the IDX file that holds exactly {@code array} (header then payload): {@link #ofContent} of any
     * file {@link IdxReader#read} returned it from, since the reader refuses trailing bytes.
     */
    public static String ofIdx(IdxArray array) {
        MessageDigest md = newDigest();
        ByteArrayOutputStream header = new ByteArrayOutputStream(array.header().headerBytes());
        try {
            array.header().writeTo(header);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        md.update(header.toByteArray());
        md.update(array.payload());
        return HexFormat.of().formatHex(md.digest());
    }

    static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
