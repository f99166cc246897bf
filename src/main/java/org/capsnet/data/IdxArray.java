package org.capsnet.data;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * An IDX file held in memory: its header and its big-endian payload of N x d1 x ... elements, row-major.
 * The payload is limited to 2^31 - 1 bytes (a Java array).
 */
public final class IdxArray {
    private final IdxHeader header;
    private final byte[] payload;

    public IdxArray(IdxHeader header, byte[] payload) {
        if (payload.length != header.payloadBytes()) {
            throw new IllegalArgumentException(
                    "payload has " + payload.length + " bytes, header " + header + " needs " + header.payloadBytes());
        }
        this.header = header;
        this.payload = payload;
    }

    public IdxHeader header() {
        return header;
    }

    /** The raw big-endian payload (not copied: do not modify). */
    public byte[] payload() {
        return payload;
    }

    /** Number of records (dimension 0). */
    public int count() {
        return header.count();
    }

    /** Element {@code i} of the flattened payload as a double, whatever the element type. */
    public double get(long i) {
        int pos = Math.toIntExact(i * header.type().size());
        ByteBuffer b = ByteBuffer.wrap(payload).order(ByteOrder.BIG_ENDIAN);
        return switch (header.type()) {
            case UBYTE -> payload[pos] & 0xFF;
            case BYTE -> payload[pos];
            case SHORT -> b.getShort(pos);
            case INT -> b.getInt(pos);
            case FLOAT -> b.getFloat(pos);
            case DOUBLE -> b.getDouble(pos);
        };
    }

    /** All elements as floats, multiplied by {@code scale} (e.g. 1/255 for pixels). Length N x record elements. */
    public float[] toFloats(float scale) {
        int n = Math.toIntExact(header.payloadBytes() / header.type().size());
        float[] out = new float[n];
        if (header.type() == IdxType.UBYTE) {
            for (int i = 0; i < n; i++) {
                out[i] = (payload[i] & 0xFF) * scale;
            }
        } else {
            for (int i = 0; i < n; i++) {
                out[i] = (float) (get(i) * scale);
            }
        }
        return out;
    }

    /** All elements as ints (truncating floating-point values). */
    public int[] toInts() {
        int n = Math.toIntExact(header.payloadBytes() / header.type().size());
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = (int) get(i);
        }
        return out;
    }
}
