package org.outagepredictor.features;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.outagepredictor.event.ChangeRef;
import org.outagepredictor.event.ChangeType;
import org.outagepredictor.serialization.CompactSerializer;

/**
 * Serializes {@link DeviceState} for keyed state, which every event reads and writes: the fields in
 * declaration order; of the decayed counts only those that are not zero, after a bit mask (most
 * counters of most devices never count anything: 16 to 20 of 24 in a simulated fleet); times as
 * their distance from the device's newest event ({@link CompactSerializer#writeTime}), "never" in
 * one byte; of the metric slots only those that hold a metric (a slot is free until its first
 * sample and is never freed, so a free slot's figures are all zero); of the recent changes only
 * those present.
 *
 * <p>Version 4 (2026-12-04) is this encoding, doubles by their exact bits. Version 3, the first,
 * wrote every count and every time in eight bytes; state of that version is read by {@link
 * FixedWidthSerializer} and rewritten on restore.
 */
public final class DeviceStateSerializer extends CompactSerializer<DeviceState> {

    private static final long serialVersionUID = 1L;

    public static final DeviceStateSerializer INSTANCE = new DeviceStateSerializer();

    private static final ChangeType[] CHANGE_TYPES = ChangeType.values();

    private DeviceStateSerializer() {}

    @Override
    public DeviceState createInstance() {
        return new DeviceState();
    }

    @Override
    public DeviceState copy(DeviceState from) {
        DeviceState copy = new DeviceState();
        copy.deviceClass = from.deviceClass;
        copy.firstEventTime = from.firstEventTime;
        copy.lastEventTime = from.lastEventTime;
        copy.counts = from.counts.clone();
        copy.lastChangeTime = from.lastChangeTime;
        copy.recentChanges = new ChangeRef[from.recentChanges.length];
        for (int i = 0; i < copy.recentChanges.length; i++) {
            ChangeRef change = from.recentChanges[i];
            copy.recentChanges[i] = change == null ? null : change.withLink(change.link);
        }
        copy.metricNames = from.metricNames.clone();
        copy.metricFastMean = from.metricFastMean.clone();
        copy.metricSlowMean = from.metricSlowMean.clone();
        copy.metricVariance = from.metricVariance.clone();
        copy.metricSamples = from.metricSamples.clone();
        copy.metricLastTime = from.metricLastTime.clone();
        copy.metricLastZ = from.metricLastZ.clone();
        copy.lastOutageTime = from.lastOutageTime;
        copy.lastOutageId = from.lastOutageId;
        copy.lastSnapshotTime = from.lastSnapshotTime;
        copy.cleanupTimerAt = from.cleanupTimerAt;
        copy.nextLabelDue = from.nextLabelDue;
        copy.lastSampledTime = from.lastSampledTime;
        return copy;
    }

    @Override
    public void serialize(DeviceState state, DataOutputView out) throws IOException {
        writeString(state.deviceClass, out);
        out.writeLong(state.firstEventTime);
        writeTime(state.lastEventTime, state.firstEventTime, out);
        long now = state.lastEventTime;
        writeNonZero(state.counts, out);
        writeTime(state.lastChangeTime, now, out);
        writeVarInt(state.recentChanges.length, out);
        for (ChangeRef change : state.recentChanges) {
            out.writeBoolean(change != null);
            if (change != null) {
                writeString(change.id, out);
                writeString(change.source, out);
                writeTime(change.time, now, out);
                writeString(change.summary, out);
                writeEnum(change.changeType, out);
                out.writeBoolean(change.failed);
                writeTime(change.windowEnd, change.time, out);
                writeString(change.link, out);
            }
        }
        int slots = state.metricNames.length;
        writeVarInt(slots, out);
        for (int i = 0; i < slots; i++) {
            writeString(state.metricNames[i], out);
            if (state.metricNames[i] != null) {
                writeDouble(state.metricFastMean[i], out);
                writeDouble(state.metricSlowMean[i], out);
                writeDouble(state.metricVariance[i], out);
                writeVarLong(state.metricSamples[i], out);
                writeTime(state.metricLastTime[i], now, out);
                writeDouble(state.metricLastZ[i], out);
            }
        }
        writeTime(state.lastOutageTime, now, out);
        writeString(state.lastOutageId, out);
        writeTime(state.lastSnapshotTime, now, out);
        writeTime(state.cleanupTimerAt, now, out);
        writeTime(state.nextLabelDue, now, out);
        writeTime(state.lastSampledTime, now, out);
    }

    @Override
    public DeviceState deserialize(DataInputView in) throws IOException {
        DeviceState state = new DeviceState();
        state.deviceClass = readString(in);
        state.firstEventTime = in.readLong();
        state.lastEventTime = readTime(state.firstEventTime, in);
        long now = state.lastEventTime;
        state.counts = readNonZero(in);
        state.lastChangeTime = readTime(now, in);
        state.recentChanges = new ChangeRef[readVarInt(in)];
        for (int i = 0; i < state.recentChanges.length; i++) {
            if (in.readBoolean()) {
                ChangeRef change = new ChangeRef();
                change.id = readString(in);
                change.source = readString(in);
                change.time = readTime(now, in);
                change.summary = readString(in);
                change.changeType = readEnum(CHANGE_TYPES, in);
                change.failed = in.readBoolean();
                change.windowEnd = readTime(change.time, in);
                change.link = readString(in);
                state.recentChanges[i] = change;
            }
        }
        state.newMetricSlots(readVarInt(in));
        for (int i = 0; i < state.metricNames.length; i++) {
            state.metricNames[i] = readString(in);
            if (state.metricNames[i] != null) {
                state.metricFastMean[i] = in.readDouble();
                state.metricSlowMean[i] = in.readDouble();
                state.metricVariance[i] = in.readDouble();
                state.metricSamples[i] = readVarLong(in);
                state.metricLastTime[i] = readTime(now, in);
                state.metricLastZ[i] = in.readDouble();
            }
        }
        state.lastOutageTime = readTime(now, in);
        state.lastOutageId = readString(in);
        state.lastSnapshotTime = readTime(now, in);
        state.cleanupTimerAt = readTime(now, in);
        state.nextLabelDue = readTime(now, in);
        state.lastSampledTime = readTime(now, in);
        return state;
    }

    /**
     * The length of {@code values}, then per 64 of them a mask of those that are not zero (by their
     * bits: a negative zero is written) followed by those values.
     */
    private static void writeNonZero(double[] values, DataOutputView out) throws IOException {
        writeVarInt(values.length, out);
        for (int from = 0; from < values.length; from += Long.SIZE) {
            int to = Math.min(from + Long.SIZE, values.length);
            long present = 0;
            for (int i = from; i < to; i++) {
                if (Double.doubleToRawLongBits(values[i]) != 0) {
                    present |= 1L << (i - from);
                }
            }
            writeVarLong(present, out);
            for (int i = from; i < to; i++) {
                if ((present & 1L << (i - from)) != 0) {
                    writeDouble(values[i], out);
                }
            }
        }
    }

    private static double[] readNonZero(DataInputView in) throws IOException {
        double[] values = new double[readVarInt(in)];
        for (int from = 0; from < values.length; from += Long.SIZE) {
            long present = readVarLong(in);
            for (int i = from; i < Math.min(from + Long.SIZE, values.length); i++) {
                if ((present & 1L << (i - from)) != 0) {
                    values[i] = in.readDouble();
                }
            }
        }
        return values;
    }

    @Override
    public TypeSerializerSnapshot<DeviceState> snapshotConfiguration() {
        return new DeviceStateSerializerSnapshot();
    }

    /** Version 4, this encoding; version 3 is {@link FixedWidthSerializer}'s. */
    public static final class DeviceStateSerializerSnapshot
            extends CompactSerializer.Snapshot<DeviceState> {

        public DeviceStateSerializerSnapshot() {
            super(
                    INSTANCE,
                    4,
                    version -> version == FIRST_VERSION ? FixedWidthSerializer.INSTANCE : null);
        }

        static DeviceStateSerializerSnapshot ofFirstVersion() {
            DeviceStateSerializerSnapshot snapshot = new DeviceStateSerializerSnapshot();
            try {
                snapshot.describe(FIRST_VERSION);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
            return snapshot;
        }
    }

    /**
     * Version 3, the first encoding: as this one, but every count, time and sample count in eight
     * bytes. Flink restores state of earlier builds with it and writes that state anew with {@link
     * DeviceStateSerializer}; it writes version 3 itself only where Flink keeps state that no
     * operator registers again in the serializer it was restored with.
     */
    static final class FixedWidthSerializer extends CompactSerializer<DeviceState> {

        private static final long serialVersionUID = 1L;

        static final FixedWidthSerializer INSTANCE = new FixedWidthSerializer();

        private FixedWidthSerializer() {}

        @Override
        public DeviceState createInstance() {
            return new DeviceState();
        }

        @Override
        public DeviceState copy(DeviceState from) {
            return DeviceStateSerializer.INSTANCE.copy(from);
        }

        @Override
        public void serialize(DeviceState state, DataOutputView out) throws IOException {
            writeString(state.deviceClass, out);
            out.writeLong(state.firstEventTime);
            out.writeLong(state.lastEventTime);
            writeVarInt(state.counts.length, out);
            for (double count : state.counts) {
                out.writeDouble(count);
            }
            out.writeLong(state.lastChangeTime);
            writeVarInt(state.recentChanges.length, out);
            for (ChangeRef change : state.recentChanges) {
                out.writeBoolean(change != null);
                if (change != null) {
                    writeString(change.id, out);
                    writeString(change.source, out);
                    out.writeLong(change.time);
                    writeString(change.summary, out);
                    writeEnum(change.changeType, out);
                    out.writeBoolean(change.failed);
                    out.writeLong(change.windowEnd);
                    writeString(change.link, out);
                }
            }
            int slots = state.metricNames.length;
            writeVarInt(slots, out);
            for (int i = 0; i < slots; i++) {
                writeString(state.metricNames[i], out);
                if (state.metricNames[i] != null) {
                    out.writeDouble(state.metricFastMean[i]);
                    out.writeDouble(state.metricSlowMean[i]);
                    out.writeDouble(state.metricVariance[i]);
                    out.writeLong(state.metricSamples[i]);
                    out.writeLong(state.metricLastTime[i]);
                    out.writeDouble(state.metricLastZ[i]);
                }
            }
            out.writeLong(state.lastOutageTime);
            writeString(state.lastOutageId, out);
            out.writeLong(state.lastSnapshotTime);
            out.writeLong(state.cleanupTimerAt);
            out.writeLong(state.nextLabelDue);
            out.writeLong(state.lastSampledTime);
        }

        @Override
        public DeviceState deserialize(DataInputView in) throws IOException {
            DeviceState state = new DeviceState();
            state.deviceClass = readString(in);
            state.firstEventTime = in.readLong();
            state.lastEventTime = in.readLong();
            state.counts = new double[readVarInt(in)];
            for (int i = 0; i < state.counts.length; i++) {
                state.counts[i] = in.readDouble();
            }
            state.lastChangeTime = in.readLong();
            state.recentChanges = new ChangeRef[readVarInt(in)];
            for (int i = 0; i < state.recentChanges.length; i++) {
                if (in.readBoolean()) {
                    ChangeRef change = new ChangeRef();
                    change.id = readString(in);
                    change.source = readString(in);
                    change.time = in.readLong();
                    change.summary = readString(in);
                    change.changeType = readEnum(CHANGE_TYPES, in);
                    change.failed = in.readBoolean();
                    change.windowEnd = in.readLong();
                    change.link = readString(in);
                    state.recentChanges[i] = change;
                }
            }
            state.newMetricSlots(readVarInt(in));
            for (int i = 0; i < state.metricNames.length; i++) {
                state.metricNames[i] = readString(in);
                if (state.metricNames[i] != null) {
                    state.metricFastMean[i] = in.readDouble();
                    state.metricSlowMean[i] = in.readDouble();
                    state.metricVariance[i] = in.readDouble();
                    state.metricSamples[i] = in.readLong();
                    state.metricLastTime[i] = in.readLong();
                    state.metricLastZ[i] = in.readDouble();
                }
            }
            state.lastOutageTime = in.readLong();
            state.lastOutageId = readString(in);
            state.lastSnapshotTime = in.readLong();
            state.cleanupTimerAt = in.readLong();
            state.nextLabelDue = in.readLong();
            state.lastSampledTime = in.readLong();
            return state;
        }

        @Override
        public TypeSerializerSnapshot<DeviceState> snapshotConfiguration() {
            return DeviceStateSerializerSnapshot.ofFirstVersion();
        }
    }
}
