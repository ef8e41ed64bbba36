package org.outagepredictor.features;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.outagepredictor.event.ChangeRef;
import org.outagepredictor.event.ChangeType;
import org.outagepredictor.serialization.CompactSerializer;

/**
 * Serializes {@link DeviceState} for keyed state: the fields in declaration order; of the metric
 * slots only those that hold a metric (a slot is free until its first sample and is never freed, so
 * a free slot's figures are all zero); of the recent changes only those present.
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
        int slots = readVarInt(in);
        state.metricNames = new String[slots];
        state.metricFastMean = new double[slots];
        state.metricSlowMean = new double[slots];
        state.metricVariance = new double[slots];
        state.metricSamples = new long[slots];
        state.metricLastTime = new long[slots];
        state.metricLastZ = new double[slots];
        for (int i = 0; i < slots; i++) {
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
        return new DeviceStateSerializerSnapshot();
    }

    /** Version 1: the encoding above. */
    public static final class DeviceStateSerializerSnapshot
            extends CompactSerializer.Snapshot<DeviceState> {

        public DeviceStateSerializerSnapshot() {
            super(() -> INSTANCE);
        }
    }
}
