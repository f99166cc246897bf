package org.capsnet.model.conv;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class ColumnBandTest {

    @Test
    void bandsCoverEveryExampleAndKernelRowOnceInChunkThenRowOrder() {
        // PrimaryCaps at B=32: a kernel row spans 9*256 = 2304 columns, 36 positions per example.
        List<ColumnBand> bands = ColumnBand.plan(32, 9, 2304, 36, 2L << 20, 256);
        int[][] seen = new int[32][9];
        ColumnBand previous = null;
        for (ColumnBand band : bands) {
            assertTrue(36L * band.examples() * band.kernelRows() * 2304 <= 2L << 20, band.toString());
            for (int e = band.firstExample(); e < band.endExample(); e++) {
                for (int r = band.firstKernelRow(); r < band.endKernelRow(); r++) {
                    seen[e][r]++;
                }
            }
            if (previous != null && previous.firstExample() == band.firstExample()) {
                assertEquals(previous.endKernelRow(), band.firstKernelRow(), "kernel rows in order within a chunk");
            } else if (previous != null) {
                assertEquals(previous.endExample(), band.firstExample(), "chunks in order");
                assertEquals(0, band.firstKernelRow(), "a chunk starts at kernel row 0");
            }
            previous = band;
        }
        for (int[] rows : seen) {
            for (int count : rows) {
                assertEquals(1, count);
            }
        }
        // 2 M floats hold 25 examples of one kernel row: two equal chunks of 16, nine rows each.
        assertEquals(18, bands.size());
        assertEquals(new ColumnBand(0, 16, 0, 1), bands.get(0));
        assertEquals(new ColumnBand(16, 32, 8, 9), bands.get(17));
    }

    @Test
    void narrowKernelRowsAreGroupedToTheMinimumDepth() {
        // Conv1: a kernel row spans 9 columns, so a band takes all nine rows (81 < 256 columns).
        List<ColumnBand> conv1 = ColumnBand.plan(32, 9, 9, 400, 2L << 20, 256);
        assertEquals(List.of(ColumnBand.whole(32, 9)), conv1);
        // 36 columns a row: bands of 8 rows (288 >= 256) and the last one row.
        List<ColumnBand> uneven = ColumnBand.plan(2, 9, 36, 36, 1 << 20, 256);
        assertEquals(List.of(new ColumnBand(0, 2, 0, 8), new ColumnBand(0, 2, 8, 9)), uneven);
    }

    @Test
    void anExampleTooLargeForABandStillGetsOne() {
        List<ColumnBand> bands = ColumnBand.plan(3, 2, 100, 10, 10, 1);
        assertEquals(6, bands.size());
        for (ColumnBand band : bands) {
            assertEquals(1, band.examples());
            assertEquals(1, band.kernelRows());
        }
    }
}
