package org.capsnet.data;

/** Element types of the IDX format: the third byte of the magic number and the element size in bytes. */
public enum IdxType {
    UBYTE(0x08, 1),
    BYTE(0x09, 1),
    SHORT(0x0B, 2),
    INT(0x0C, 4),
    FLOAT(0x0D, 4),
    DOUBLE(0x0E, 8);

    private final int code;
    private final int size;

    IdxType(int code, int size) {
        this.code = code;
        this.size = size;
    }

    /** The type byte stored in the magic number. */
    public int code() {
        return code;
    }

    /** Size of one element in bytes. */
    public int size() {
        return size;
    }

    /** The type whose code is {@code code}, or null if none. */
    public static IdxType ofCode(int code) {
        for (IdxType t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        return null;
    }
}
