package org.capsnet.host;

/** The float coefficients of one Adam step ({@link FloatRows#adam}): the step size is lr sqrt(1 - b2^t) / (1 - b1^t). */
public record AdamCoefficients(
        float beta1, float beta2, float oneMinusBeta1, float oneMinusBeta2, float stepSize, float epsilon) {}
