/**
 * What a network family must provide ({@link org.capsnet.model.NetworkArchitecture}), the CapsNet configuration and
 * the DL4J ComputationGraph built from it: convolution, capsule layers, length and mask vertices, decoder and
 * losses; the baseline CNN lives in {@code model.baseline}. Depends on capsule and ND4J/DL4J.
 */
package org.capsnet.model;
