package org.capsnet.model.conv;

import java.util.ArrayList;
import java.util.List;

/**
 * One block of a convolution's column buffer: the columns of examples {@code [firstExample, endExample)} for kernel
 * rows {@code [firstKernelRow, endKernelRow)}. Its buffer is {@code [examples * oH * oW, kernelRows * kW * C]}, and
 * its slice of the weights is rows {@code [firstKernelRow * kW * C, endKernelRow * kW * C)}.
 */
record ColumnBand(int firstExample, int endExample, int firstKernelRow, int endKernelRow) {

    int examples() {
        return endExample - firstExample;
    }

    int kernelRows() {
        return endKernelRow - firstKernelRow;
    }

    /** The whole buffer as one band. */
    static ColumnBand whole(int batch, int kernel) {
        return new ColumnBand(0, batch, 0, kernel);
    }

    /**
     * Cuts a batch's columns into bands of at most about {@code maxBandFloats} floats each, example chunks outside and
     * kernel rows inside (the order {@link ConvolutionNhwc} runs them in). A band spans at least {@code minDepth}
     * columns (whole kernel rows) where the kernel allows, so that its gemms stay deep; example chunks are as equal as
     * they can be.
     */
    static List<ColumnBand> plan(
            int batch, int kernel, int windowRowLength, int positionsPerExample, long maxBandFloats, int minDepth) {
        int rowsPerBand = Math.min(kernel, Math.max(1, ceilDiv(minDepth, windowRowLength)));
        long floatsPerExample = (long) positionsPerExample * rowsPerBand * windowRowLength;
        int maxExamples = (int) Math.max(1, Math.min(batch, maxBandFloats / floatsPerExample));
        int chunks = ceilDiv(batch, maxExamples);
        List<ColumnBand> bands = new ArrayList<>();
        for (int chunk = 0; chunk < chunks; chunk++) {
            int first = (int) ((long) batch * chunk / chunks);
            int end = (int) ((long) batch * (chunk + 1) / chunks);
            for (int row = 0; row < kernel; row += rowsPerBand) {
                bands.add(new ColumnBand(first, end, row, Math.min(kernel, row + rowsPerBand)));
            }
        }
        return bands;
    }

    private static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }
}
