/**
 * The matrix-capsule network with EM routing ({@code --architecture em-capsnet}): its configuration, the DL4J
 * layers for convolutional and class capsules (maths in {@code capsule.em}), the primary-capsule activation and
 * the spread-loss layer with its margin schedule. Trained and scored through the same
 * {@link org.capsnet.model.NetworkArchitecture} contract as the other families. Depends on model/ and capsule/.
 */
package org.capsnet.model.em;
