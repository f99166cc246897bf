package org.capsnet.train;

import org.capsnet.model.CapsNetConfig;

/** A scaled-down CapsNet for MNIST (same structure, about 30x fewer FLOPs) so that training tests stay short. */
final class SmallModels {
    private SmallModels() {}

    static CapsNetConfig smallMnist() {
        return CapsNetConfig.builder()
                .conv1Channels(32)
                .primaryCapsuleChannels(8)
                .decoderHidden(64, 128)
                .build();
    }
}
