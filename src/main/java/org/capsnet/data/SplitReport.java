package org.capsnet.data;

/**
 * What MultiMNIST generation produced for one split: source digits, pairs written, and the mean overlaps of
 * {@link OverlapStats} (fractions in [0, 1]).
 */
public record SplitReport(Split split, int sourceDigits, long pairs, double meanNominalOverlap, double meanInkOverlap) {
    /** One line for the console. */
    public String describe() {
        return String.format(
                java.util.Locale.ROOT,
                "%s: %d pairs from %d digits; mean overlap %.1f%% (20x20 boxes, intersection / 400), "
                        + "%.1f%% (ink bounding boxes, intersection / first digit's box)",
                split.prefix(),
                pairs,
                sourceDigits,
                100 * meanNominalOverlap,
                100 * meanInkOverlap);
    }
}
