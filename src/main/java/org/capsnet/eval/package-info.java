/**
 * Accuracy, MultiMNIST scoring, reconstructions and other pictures. Depends on model and data.
 */
package org.capsnet.eval;
