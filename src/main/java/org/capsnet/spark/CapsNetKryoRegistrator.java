package org.capsnet.spark;

import com.esotericsoftware.kryo.Kryo;
import org.capsnet.model.conv.OpenBlasCoreType;
import org.nd4j.kryo.Nd4jRegistrator;
import org.nd4j.linalg.factory.Nd4j;

/**
 * ND4J's Kryo registrator, preceded by {@link OpenBlasCoreType#configure()}. Executors create their Kryo before
 * they deserialize the first ND4J array of a task or broadcast, i.e. before ND4J loads OpenBLAS, so this is where
 * an executor JVM (which runs no code of ours earlier) gets the AVX-512/AVX2 sgemm kernels chosen for its own CPU.
 * ND4J arrays then use {@link RawNdArraySerializer} (bulk copies) instead of ND4J's element-by-element serializer.
 */
public class CapsNetKryoRegistrator extends Nd4jRegistrator {
    @Override
    public void registerClasses(Kryo kryo) {
        OpenBlasCoreType.configure();
        super.registerClasses(kryo);
        kryo.register(Nd4j.getBackend().getNDArrayClass(), new RawNdArraySerializer());
    }
}
