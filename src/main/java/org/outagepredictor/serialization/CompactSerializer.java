package org.outagepredictor.serialization;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.function.IntFunction;
import org.apache.flink.api.common.typeutils.TypeSerializer;
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
 * restore (RocksDB) or reads it with the old one (heap). A change to an encoding raises its
 * snapshot's version and keeps a reader of the encoding before, which Flink then migrates state
 * from in the same way ({@link Snapshot}).
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

    /** Any long in 7-bit groups, low first, as unsigned: one byte below 128, ten if negative. */
    public static void writeVarLong(long value, DataOutputView out) throws IOException {
        while ((value & ~0x7FL) != 0) {
            out.writeByte((int) (value & 0x7F) | 0x80);
            value >>>= 7;
        }
        out.writeByte((int) value);
    }

    public static long readVarLong(DataInputView in) throws IOException {
        long value = 0;
        for (int shift = 0; ; shift += 7) {
            byte b = in.readByte();
            value |= (long) (b & 0x7F) << shift;
            if (b >= 0) {
                return value;
            }
        }
    }

    private static final long TIME_MIN = 0;
    private static final long TIME_MAX = 1;
    private static final long TIME_ABSOLUTE = 2;
    private static final long TIME_RELATIVE = 3;

    /**
     * An epoch-millisecond time, exactly, in few bytes when it lies near {@code base} (a time the
     * reader knows already): {@link Long#MIN_VALUE} and {@link Long#MAX_VALUE}, the state's "never"
     * and "none", in one byte; any other time as its distance from {@code base}, zigzag-encoded
     * (three bytes within 17 minutes of it either way, four within 37 hours); a distance too large
     * for that in full.
     */
    public static void writeTime(long time, long base, DataOutputView out) throws IOException {
        if (time == Long.MIN_VALUE) {
            writeVarLong(TIME_MIN, out);
            return;
        }
        if (time == Long.MAX_VALUE) {
            writeVarLong(TIME_MAX, out);
            return;
        }
        long distance = time - base;
        long zigzag = (distance << 1) ^ (distance >> 63);
        if (Long.compareUnsigned(zigzag, -1L - TIME_RELATIVE) <= 0) {
            writeVarLong(zigzag + TIME_RELATIVE, out);
        } else {
            writeVarLong(TIME_ABSOLUTE, out);
            out.writeLong(time);
        }
    }

    public static long readTime(long base, DataInputView in) throws IOException {
        long code = readVarLong(in);
        if (code == TIME_MIN) {
            return Long.MIN_VALUE;
        }
        if (code == TIME_MAX) {
            return Long.MAX_VALUE;
        }
        if (code == TIME_ABSOLUTE) {
            return in.readLong();
        }
        long zigzag = code - TIME_RELATIVE;
        return base + ((zigzag >>> 1) ^ -(zigzag & 1));
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
     * A double by its exact bits: unlike {@link DataOutputView#writeDouble}, which writes every NaN
     * as the canonical one, a NaN's payload too. Read with {@link DataInputView#readDouble}.
     */
    public static void writeDouble(double value, DataOutputView out) throws IOException {
        out.writeLong(Double.doubleToRawLongBits(value));
    }

    /**
     * The snapshot of a {@link CompactSerializer}: no content, only the version of an encoding,
     * each read by its own serializer. State of the latest version is compatible as it is; state of
     * an earlier encoding, or that Flink's POJO serializer wrote, after migration: Flink reads it
     * with the earlier encoding's serializer and writes it anew.
     *
     * <p>Version {@value #FIRST_VERSION} is each serializer's first encoding, written when the
     * snapshots were Flink's {@code SimpleTypeSerializerSnapshot} (whose own version it is, with
     * the same empty content); a serializer that has had only that passes no earlier encodings. An
     * earlier encoding's serializer writes as well as reads, and its snapshot is of its own
     * version: Flink keeps state that no operator registers again in the serializer it was restored
     * with, and snapshots it so.
     */
    public abstract static class Snapshot<T> implements TypeSerializerSnapshot<T> {

        public static final int FIRST_VERSION = 3;

        private final TypeSerializer<T> latest;
        private final int latestVersion;
        private final IntFunction<TypeSerializer<T>> earlier;
        private int version;

        /** A snapshot of a serializer that has had one encoding. */
        protected Snapshot(TypeSerializer<T> latest) {
            this(latest, FIRST_VERSION, version -> null);
        }

        /**
         * A snapshot of {@code latest}, the serializer of encoding {@code latestVersion}; {@code
         * earlier} gives the serializer of each earlier version from {@value #FIRST_VERSION} on.
         */
        protected Snapshot(
                TypeSerializer<T> latest,
                int latestVersion,
                IntFunction<TypeSerializer<T>> earlier) {
            this.latest = latest;
            this.latestVersion = latestVersion;
            this.earlier = earlier;
            this.version = latestVersion;
        }

        /** Makes this the snapshot of the encoding {@code version}. */
        protected final void describe(int version) throws IOException {
            if (version < FIRST_VERSION || version > latestVersion) {
                throw new IOException(
                        getClass().getName()
                                + " reads versions "
                                + FIRST_VERSION
                                + " to "
                                + latestVersion
                                + ", not "
                                + version
                                + (version > latestVersion
                                        ? ": state written by a newer build of the job"
                                        : ""));
            }
            this.version = version;
        }

        @Override
        public int getCurrentVersion() {
            return version;
        }

        @Override
        public void writeSnapshot(DataOutputView out) {}

        @Override
        public void readSnapshot(int readVersion, DataInputView in, ClassLoader classLoader)
                throws IOException {
            describe(readVersion);
        }

        @Override
        public TypeSerializer<T> restoreSerializer() {
            if (version == latestVersion) {
                return latest;
            }
            TypeSerializer<T> serializer = earlier.apply(version);
            if (serializer == null) {
                throw new IllegalStateException(
                        getClass().getName() + " has no serializer of version " + version);
            }
            return serializer;
        }

        @Override
        public TypeSerializerSchemaCompatibility<T> resolveSchemaCompatibility(
                TypeSerializerSnapshot<T> oldSerializerSnapshot) {
            if (oldSerializerSnapshot instanceof PojoSerializerSnapshot) {
                return TypeSerializerSchemaCompatibility.compatibleAfterMigration();
            }
            if (oldSerializerSnapshot.getClass() != getClass()) {
                return TypeSerializerSchemaCompatibility.incompatible();
            }
            return oldSerializerSnapshot.getCurrentVersion() == latestVersion
                    ? TypeSerializerSchemaCompatibility.compatibleAsIs()
                    : TypeSerializerSchemaCompatibility.compatibleAfterMigration();
        }
    }
}
