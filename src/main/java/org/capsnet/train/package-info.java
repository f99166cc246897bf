/**
 * Single-machine training: optimiser schedule, checkpoints, listeners, metrics, provenance.
 * Depends on model and data.
 */
package org.capsnet.train;
