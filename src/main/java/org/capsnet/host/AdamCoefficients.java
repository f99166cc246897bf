package org.capsnet.host;

/** The float coefficients of one Adam step ({@link FloatRows#adam}): a is the bias-corrected step size. */
public record AdamCoefficients(
        float beta1, float beta2, float oneMinusBeta1, float oneMinusBeta2, float stepSize, float epsilon) {}
