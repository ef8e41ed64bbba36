package org.outagepredictor.serialization;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.function.Supplier;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSchemaCompatibility;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.base.TypeSerializerSingleton;
import org.apache.flink.api.java.typeutils.runtime.PojoSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * The base of the hand-written serializers of what every event passes through: the per-device state
 * ({@code DeviceStateSerializer}, {@code PendingExamplesSerializer}), which every event reads and
 * writes in RocksDB, and the events themselves on the network ({@code OpsEventSerializer}). Flink's
 * POJO serializer reaches each field by reflection, creates each object by reflection and writes
 * every slot of every array; these write the fields in a fixed order, lengths and string sizes as
 * variable-length integers, and skip what is unused.
 *
 * <p>Upgrades. State written by earlier builds with Flink's POJO serializer restores: the snapshot
 * declares such state compatible after migration, and Flink rewrites it with the new serializer on
 * restore (RocksDB) or reads it with the old one (heap). A later change to an encoding must raise
 * the snapshot's version and keep reading the old one.
 */
public abstract class CompactSerializer<T> extends TypeSerializerSingleton<T> {

    private static final long serialVersionUID = 1L;

    @Override
    public boolean isImmutableType() {
        return false;
    }

    @Override
    public T copy(T from, T reuse) {
        return copy(from);
    }

    @Override
    public int getLength() {
        return -1;
    }

    @Override
    public T deserialize(T reuse, DataInputView source) throws IOException {
        return deserialize(source);
    }

    @Override
    public void copy(DataInputView source, DataOutputView target) throws IOException {
        serialize(deserialize(source), target);
    }

    /** A non-negative int in 7-bit groups, low first: one byte below 128. */
    public static void writeVarInt(int value, DataOutputView out) throws IOException {
        while ((value & ~0x7F) != 0) {
            out.writeByte((value & 0x7F) | 0x80);
            value >>>= 7;
        }
        out.writeByte(value);
    }

    public static int readVarInt(DataInputView in) throws IOException {
        int value = 0;
        for (int shift = 0; ; shift += 7) {
            byte b = in.readByte();
            value |= (b & 0x7F) << shift;
            if (b >= 0) {
                return value;
            }
        }
    }

    /** A string or {@code null}: its UTF-8 length plus one (0 for null), then the bytes. */
    public static void writeString(String value, DataOutputView out) throws IOException {
        if (value == null) {
            writeVarInt(0, out);
            return;
        }
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        writeVarInt(bytes.length + 1, out);
        out.write(bytes);
    }

    public static String readString(DataInputView in) throws IOException {
        int length = readVarInt(in) - 1;
        if (length < 0) {
            return null;
        }
        byte[] bytes = new byte[length];
        in.readFully(bytes);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    /** An enum constant or {@code null}, by ordinal plus one: constants may only be appended. */
    public static void writeEnum(Enum<?> value, DataOutputView out) throws IOException {
        writeVarInt(value == null ? 0 : value.ordinal() + 1, out);
    }

    public static <E extends Enum<E>> E readEnum(E[] values, DataInputView in) throws IOException {
        int ordinal = readVarInt(in) - 1;
        return ordinal < 0 ? null : values[ordinal];
    }

    /**
     * The snapshot of a {@link CompactSerializer}: compatible as it is with its own, after
     * migration with state that Flink's POJO serializer wrote.
     */
    public abstract static class Snapshot<T> extends SimpleTypeSerializerSnapshot<T> {

        protected Snapshot(Supplier<CompactSerializer<T>> serializer) {
            super(serializer);
        }

        @Override
        public TypeSerializerSchemaCompatibility<T> resolveSchemaCompatibility(
                TypeSerializerSnapshot<T> oldSerializerSnapshot) {
            if (oldSerializerSnapshot instanceof PojoSerializerSnapshot) {
                return TypeSerializerSchemaCompatibility.compatibleAfterMigration();
            }
            return super.resolveSchemaCompatibility(oldSerializerSnapshot);
        }
    }
}
