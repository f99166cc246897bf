/**
 * The CapsNet configuration and the DL4J ComputationGraph built from it: convolution, capsule layers,
 * length and mask vertices, decoder and losses. Depends on capsule and ND4J/DL4J.
 */
package org.capsnet.model;
