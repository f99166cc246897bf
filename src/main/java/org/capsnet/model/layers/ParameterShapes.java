package org.capsnet.model.layers;

/**
 * What a custom layer configuration tells {@link ShapedParamInitializer} about its parameters: one weight tensor
 * of any rank (C order) and an optional bias vector, laid out in the flat parameter vector as [W, b].
 */
public interface ParameterShapes {
    long[] weightShape();

    /** Length of the bias vector; 0 for a layer without bias. */
    long biasLength();

    /** Fan-in and fan-out used by the weight initialisation (e.g. Xavier). */
    double fanIn();

    double fanOut();
}
