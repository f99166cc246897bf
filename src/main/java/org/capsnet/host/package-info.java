/**
 * Plain Java loops over ND4J arrays' host memory, for the few steps where libnd4j's ops take a slow path (strided
 * views, many tiny matmuls): used on the CPU backend only; other backends keep the ND4J ops.
 */
package org.capsnet.host;
