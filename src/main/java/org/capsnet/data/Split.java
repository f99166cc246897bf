package org.capsnet.data;

/** The two splits of an MNIST-style data set and the prefix of their file names. */
public enum Split {
    TRAIN("train"),
    TEST("t10k");

    private final String prefix;

    Split(String prefix) {
        this.prefix = prefix;
    }

    /** File name prefix: {@code train} or {@code t10k}. */
    public String prefix() {
        return prefix;
    }
}
