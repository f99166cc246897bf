/**
 * The paper's baseline CNN for MultiMNIST (conv 512@9x9, pool, conv 256@5x5, pool, FC 1024, 10 sigmoid outputs),
 * trained and scored through the same {@link org.capsnet.model.NetworkArchitecture} contract as the CapsNet.
 * Built from the project's NHWC convolution and pooling; depends on model/ only.
 */
package org.capsnet.model.baseline;
