/**
 * Pictures of a trained CapsNet: reconstructions, capsule dimensions perturbed, routing coupling coefficients and
 * training curves, as {@link java.awt.image.BufferedImage}s written as PNG through {@link org.capsnet.io.StoragePath}.
 * Depends on model, data and io; image tiles are drawn with Java2D, charts with JFreeChart.
 */
package org.capsnet.eval.pictures;
