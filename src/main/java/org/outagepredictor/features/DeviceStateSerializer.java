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
 * <p>Version 4 (2026-12-04) is this encoding. Version 3, the first, wrote every count and every
 * time in eight bytes; state of that version is read by {@link FixedWidthReader} and rewritten on
 * restore.
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
                out.writeDouble(state.metricFastMean[i]);
                out.writeDouble(state.metricSlowMean[i]);
                out.writeDouble(state.metricVariance[i]);
                writeVarLong(state.metricSamples[i], out);
                writeTime(state.metricLastTime[i], now, out);
                out.writeDouble(state.metricLastZ[i]);
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
     * bits: a negative zero is written), then those values.
     */
    private static void writeNonZero(double[] values, DataOutputView out) throws IOException {
        writeVarInt(values.length, out);
        for (int from = 0; from < values.length; from += Long.SIZE) {
            long present = 0;
            for (int i = from; i < Math.min(from + Long.SIZE, values.length); i++) {
                if (Double.doubleToRawLongBits(values[i]) != 0) {
                    present |= 1L << (i - from);
                }
            }
            writeVarLong(present, out);
        }
        for (double value : values) {
            if (Double.doubleToRawLongBits(value) != 0) {
                out.writeDouble(value);
            }
        }
    }

    private static double[] readNonZero(DataInputView in) throws IOException {
        double[] values = new double[readVarInt(in)];
        long[] present = new long[(values.length + Long.SIZE - 1) / Long.SIZE];
        for (int word = 0; word < present.length; word++) {
            present[word] = readVarLong(in);
        }
        for (int i = 0; i < values.length; i++) {
            if ((present[i / Long.SIZE] & 1L << (i % Long.SIZE)) != 0) {
                values[i] = in.readDouble();
            }
        }
        return values;
    }

    @Override
    public TypeSerializerSnapshot<DeviceState> snapshotConfiguration() {
        return new DeviceStateSerializerSnapshot();
    }

    /** Version 4, this encoding; reads version 3 with {@link FixedWidthReader}. */
    public static final class DeviceStateSerializerSnapshot
            extends CompactSerializer.Snapshot<DeviceState> {

        public DeviceStateSerializerSnapshot() {
            super(INSTANCE, 4, version -> FixedWidthReader.INSTANCE);
        }
    }

    /**
     * Reads version 3, the first encoding: as this one, but every count, time and sample count in
     * eight bytes. Only for restoring state of earlier builds, which Flink then writes anew with
     * {@link DeviceStateSerializer}; it writes nothing itself.
     */
    static final class FixedWidthReader extends CompactSerializer<DeviceState> {

        private static final long serialVersionUID = 1L;

        static final FixedWidthReader INSTANCE = new FixedWidthReader();

        private FixedWidthReader() {}

        @Override
        public DeviceState createInstance() {
            return new DeviceState();
        }

        @Override
        public DeviceState copy(DeviceState from) {
            return DeviceStateSerializer.INSTANCE.copy(from);
        }

        @Override
        public void serialize(DeviceState state, DataOutputView out) {
            throw new UnsupportedOperationException(
                    "Device state is written in the current encoding only");
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
            throw new UnsupportedOperationException(
                    "Device state of the first encoding is only restored, never snapshot");
        }
    }
}
