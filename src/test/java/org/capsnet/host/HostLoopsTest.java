package org.capsnet.host;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.factory.Nd4j;

class HostLoopsTest {

    /** Bands of 64 rows, the last one partial, from a direct buffer at an offset into an array at an offset. */
    @ParameterizedTest
    @CsvSource({"130, 7, 1", "130, 7, 2", "64, 1, 2", "3, 200, 2"})
    void transposeInParallelMovesEveryElement(int rows, int cols, int threads) {
        int before = Nd4j.getEnvironment().maxMasterThreads();
        Nd4j.getEnvironment().setMaxMasterThreads(threads);
        try {
            int srcFrom = 5;
            int dstFrom = 3;
            FloatBuffer src = ByteBuffer.allocateDirect((srcFrom + rows * cols) * Float.BYTES)
                    .order(ByteOrder.nativeOrder())
                    .asFloatBuffer();
            for (int k = 0; k < srcFrom + rows * cols; k++) {
                src.put(k, k);
            }
            float[] dst = new float[dstFrom + rows * cols + 2];
            HostLoops.transposeInParallel(src, srcFrom, rows, cols, FloatBuffer.wrap(dst), dstFrom);
            for (int r = 0; r < rows; r++) {
                for (int c = 0; c < cols; c++) {
                    assertEquals(srcFrom + r * cols + c, dst[dstFrom + c * rows + r], 0f, "row " + r + ", column " + c);
                }
            }
            assertEquals(0f, dst[dstFrom - 1], 0f, "nothing written before dstFrom");
            assertEquals(0f, dst[dstFrom + rows * cols], 0f, "nothing written after the transpose");
        } finally {
            Nd4j.getEnvironment().setMaxMasterThreads(before);
        }
    }
}
