package org.capsnet.spark;

import com.esotericsoftware.kryo.Kryo;
import de.javakaffee.kryoserializers.SynchronizedCollectionsSerializer;
import de.javakaffee.kryoserializers.UnmodifiableCollectionsSerializer;
import org.apache.spark.serializer.KryoRegistrator;
import org.capsnet.model.conv.NativeEnvironment;
import org.nd4j.common.primitives.AtomicDouble;
import org.nd4j.kryo.primitives.AtomicDoubleSerializer;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Kryo registrations for ND4J arrays, preceded by {@link NativeEnvironment#configure()}. Executors create their Kryo
 * before they deserialize the first ND4J array of a task or broadcast, i.e. before ND4J loads OpenBLAS and OpenMP,
 * so this is where an executor JVM (which runs no code of ours earlier) gets the sgemm kernels chosen for its own
 * CPU and OpenMP threads that do not spin.
 * ND4J arrays use {@link RawNdArraySerializer} (bulk copies) instead of ND4J's element-by-element serializer; the
 * rest is what dl4j-spark's {@code Nd4jRegistrator} registers (the project no longer depends on dl4j-spark).
 */
public class CapsNetKryoRegistrator implements KryoRegistrator {
    @Override
    public void registerClasses(Kryo kryo) {
        NativeEnvironment.configure();
        kryo.register(Nd4j.getBackend().getNDArrayClass(), new RawNdArraySerializer());
        kryo.register(AtomicDouble.class, new AtomicDoubleSerializer());
        UnmodifiableCollectionsSerializer.registerSerializers(kryo);
        SynchronizedCollectionsSerializer.registerSerializers(kryo);
    }
}
