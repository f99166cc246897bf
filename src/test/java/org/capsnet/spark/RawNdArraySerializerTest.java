package org.capsnet.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import org.apache.spark.SparkConf;
import org.apache.spark.serializer.KryoSerializer;
import org.apache.spark.serializer.SerializerInstance;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import scala.reflect.ClassTag$;

/** ND4J arrays through Spark's Kryo with the project's registrator, as task results and broadcasts travel. */
class RawNdArraySerializerTest {
    private static SerializerInstance kryo(String registrator) {
        return new KryoSerializer(new SparkConf().set("spark.kryo.registrator", registrator)).newInstance();
    }

    private static INDArray roundTrip(SerializerInstance ser, INDArray a) {
        ByteBuffer bytes = ser.serialize(a, ClassTag$.MODULE$.apply(INDArray.class));
        return ser.deserialize(bytes, ClassTag$.MODULE$.apply(INDArray.class));
    }

    @Test
    void arraysOfEveryKindSurviveTheRoundTrip() {
        SerializerInstance ser = kryo(SparkSessions.REGISTRATOR);
        INDArray m = Nd4j.rand(DataType.FLOAT, 5, 7);
        for (INDArray a : new INDArray[] {
            m,
            m.transpose(),
            m.get(org.nd4j.linalg.indexing.NDArrayIndex.interval(1, 3), org.nd4j.linalg.indexing.NDArrayIndex.all()),
            Nd4j.rand(DataType.DOUBLE, 2, 3, 4),
            Nd4j.createFromArray(1, 2, 3),
            Nd4j.scalar(2.5f),
            Nd4j.createFromArray(true, false),
            Nd4j.empty(DataType.FLOAT),
            m.castTo(DataType.HALF)
        }) {
            INDArray back = roundTrip(ser, a);
            assertEquals(a.dataType(), back.dataType());
            assertEquals(a, back, a.shapeInfoToString());
        }
    }

    @Test
    void bulkCopyIsMuchFasterThanNd4jsSerializerOnParameterSizedArrays() {
        INDArray params = Nd4j.rand(DataType.FLOAT, 1, 8_000_000);
        SerializerInstance raw = kryo(SparkSessions.REGISTRATOR);
        SerializerInstance nd4j = kryo(Nd4jSerializerRegistrator.class.getName());
        roundTrip(raw, params);
        roundTrip(nd4j, params);
        long t0 = System.nanoTime();
        INDArray a = roundTrip(raw, params);
        long t1 = System.nanoTime();
        INDArray b = roundTrip(nd4j, params);
        long t2 = System.nanoTime();
        System.out.printf("32 MB round trip: bulk %.3f s, Nd4jSerializer %.3f s%n", (t1 - t0) / 1e9, (t2 - t1) / 1e9);
        assertEquals(params, a);
        assertEquals(params, b);
        assertTrue(t1 - t0 < t2 - t1, "bulk copy not faster");
    }

    @Test
    void capsNetParametersAndAdamStateSurviveTheRoundTrip() {
        org.deeplearning4j.nn.graph.ComputationGraph graph = org.capsnet.model.CapsNetGraph.create(
                org.capsnet.model.CapsNetConfig.builder()
                        .conv1Channels(16)
                        .primaryCapsuleChannels(4)
                        .build(),
                new org.nd4j.linalg.learning.config.Adam(1e-3),
                1,
                DataType.FLOAT);
        SerializerInstance ser = kryo(SparkSessions.REGISTRATOR);
        INDArray state = graph.getUpdater().getStateViewArray();
        state.assign(Nd4j.rand(DataType.FLOAT, state.shape()));
        for (INDArray a : new INDArray[] {graph.params(), state}) {
            for (int i = 0; i < 3; i++) {
                assertEquals(a, roundTrip(ser, a));
                System.gc();
            }
        }
    }

    /** ND4J's own element-by-element serializer, to compare against. */
    public static class Nd4jSerializerRegistrator implements org.apache.spark.serializer.KryoRegistrator {
        @Override
        public void registerClasses(com.esotericsoftware.kryo.Kryo kryo) {
            kryo.register(Nd4j.getBackend().getNDArrayClass(), new org.nd4j.kryo.Nd4jSerializer());
        }
    }
}
