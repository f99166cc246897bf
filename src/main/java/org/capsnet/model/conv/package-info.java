/**
 * Fast NHWC convolution for the CapsNet layers (Conv1, PrimaryCaps): im2col into the gemm layout, one sgemm, a
 * hand-written backward, all as ND4J ops; plus the OpenBLAS kernel selection that makes the sgemm fast.
 * Depends on ND4J only (no DL4J layer classes), so the layer glue in {@code org.capsnet.model} can wrap it.
 */
package org.capsnet.model.conv;
