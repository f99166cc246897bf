package org.capsnet.spark;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import java.lang.ref.Reference;
import java.nio.ByteOrder;
import org.bytedeco.javacpp.BytePointer;
import org.nd4j.kryo.Nd4jSerializer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.concurrency.AffinityManager;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Kryo serializer for numeric ND4J arrays that copies the data buffer in bulk: data type, shape, then the raw bytes
 * of a c-ordered copy. ND4J's own Nd4jSerializer writes element by element through a DataOutputStream; for the
 * parameters and Adam state that parameter averaging ships every round (about 100 MB for the paper's CapsNet) that
 * dominated the rounds' time. Empty arrays are written as type and shape (Nd4jSerializer cannot read them back), strings and
 * compressed arrays go to Nd4jSerializer. Both ends must have
 * the same native byte order (checked).
 */
final class RawNdArraySerializer extends Serializer<INDArray> {
    private static final int CHUNK = 1 << 20;
    private static final byte FALLBACK = 0;
    private static final byte RAW_LITTLE = 1;
    private static final byte RAW_BIG = 2;
    private static final byte EMPTY = 3;

    private final Nd4jSerializer fallback = new Nd4jSerializer();

    @Override
    public void write(Kryo kryo, Output output, INDArray array) {
        DataType type = array.dataType();
        if (array.isEmpty()) {
            output.writeByte(EMPTY);
            output.writeString(type.name());
            writeShape(output, array.shape());
            return;
        }
        if (array.isCompressed() || !type.isNumerical() && type != DataType.BOOL) {
            output.writeByte(FALLBACK);
            fallback.write(kryo, output, array);
            return;
        }
        output.writeByte(ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN ? RAW_LITTLE : RAW_BIG);
        output.writeString(type.name());
        writeShape(output, array.shape());
        INDArray c = array.ordering() == 'c' && !array.isView() && array.data().length() == array.length()
                ? array
                : array.dup('c');
        // On a GPU backend the newest values may be in device memory only: bring them to the host buffer first.
        Nd4j.getAffinityManager().ensureLocation(c, AffinityManager.Location.HOST);
        long total = c.length() * (long) type.width();
        BytePointer data = new BytePointer(c.data().addressPointer());
        byte[] chunk = new byte[(int) Math.min(CHUNK, Math.max(1, total))];
        for (long pos = 0; pos < total; pos += chunk.length) {
            int n = (int) Math.min(chunk.length, total - pos);
            data.position(pos).get(chunk, 0, n);
            output.writeBytes(chunk, 0, n);
        }
        Reference.reachabilityFence(c); // its native memory must outlive the copy
    }

    @Override
    public INDArray read(Kryo kryo, Input input, Class<INDArray> type) {
        byte kind = input.readByte();
        if (kind == FALLBACK) {
            return fallback.read(kryo, input, type);
        }
        if (kind == EMPTY) {
            DataType dataType = DataType.valueOf(input.readString());
            long[] shape = readShape(input);
            return shape.length == 0 ? Nd4j.empty(dataType) : Nd4j.create(dataType, shape);
        }
        ByteOrder order = kind == RAW_LITTLE ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN;
        if (order != ByteOrder.nativeOrder()) {
            throw new IllegalStateException(
                    "ND4J array written with " + order + " byte order, this JVM is " + ByteOrder.nativeOrder());
        }
        DataType dataType = DataType.valueOf(input.readString());
        long[] shape = readShape(input);
        INDArray array = Nd4j.createUninitialized(dataType, shape, 'c');
        long total = array.length() * (long) dataType.width();
        BytePointer data = new BytePointer(array.data().addressPointer());
        byte[] chunk = new byte[(int) Math.min(CHUNK, Math.max(1, total))];
        for (long pos = 0; pos < total; pos += chunk.length) {
            int n = (int) Math.min(chunk.length, total - pos);
            input.readBytes(chunk, 0, n);
            data.position(pos).put(chunk, 0, n);
        }
        // the bytes were written to the host buffer: a GPU backend must copy them to the device before use
        Nd4j.getAffinityManager().tagLocation(array, AffinityManager.Location.HOST);
        return array;
    }

    private static void writeShape(Output output, long[] shape) {
        output.writeVarInt(shape.length, true);
        for (long d : shape) {
            output.writeVarLong(d, true);
        }
    }

    private static long[] readShape(Input input) {
        long[] shape = new long[input.readVarInt(true)];
        for (int i = 0; i < shape.length; i++) {
            shape[i] = input.readVarLong(true);
        }
        return shape;
    }
}
