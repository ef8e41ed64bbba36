package org.outagepredictor.event;

import java.io.IOException;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.outagepredictor.serialization.CompactSerializer;

/**
 * Serializes {@link OpsEvent} between operators (every event crosses the network once, to the
 * subtask that owns its device): the fields in declaration order, without the reflection of Flink's
 * POJO serializer. {@link OpsEventTypeInfo} makes it the type's serializer everywhere.
 */
public final class OpsEventSerializer extends CompactSerializer<OpsEvent> {

    private static final long serialVersionUID = 1L;

    public static final OpsEventSerializer INSTANCE = new OpsEventSerializer();

    private static final EventKind[] KINDS = EventKind.values();
    private static final Severity[] SEVERITIES = Severity.values();
    private static final ChangeType[] CHANGE_TYPES = ChangeType.values();
    private static final Feedback[] FEEDBACKS = Feedback.values();

    private OpsEventSerializer() {}

    @Override
    public OpsEvent createInstance() {
        return new OpsEvent();
    }

    @Override
    public OpsEvent copy(OpsEvent from) {
        OpsEvent copy = new OpsEvent();
        copy.deviceId = from.deviceId;
        copy.deviceClass = from.deviceClass;
        copy.eventTime = from.eventTime;
        copy.kind = from.kind;
        copy.source = from.source;
        copy.reference = from.reference;
        copy.summary = from.summary;
        copy.severity = from.severity;
        copy.changeType = from.changeType;
        copy.failed = from.failed;
        copy.windowEnd = from.windowEnd;
        copy.metricName = from.metricName;
        copy.value = from.value;
        copy.priority = from.priority;
        copy.feedback = from.feedback;
        return copy;
    }

    @Override
    public void serialize(OpsEvent event, DataOutputView out) throws IOException {
        writeString(event.deviceId, out);
        writeString(event.deviceClass, out);
        out.writeLong(event.eventTime);
        writeEnum(event.kind, out);
        writeString(event.source, out);
        writeString(event.reference, out);
        writeString(event.summary, out);
        writeEnum(event.severity, out);
        writeEnum(event.changeType, out);
        out.writeBoolean(event.failed);
        out.writeLong(event.windowEnd);
        writeString(event.metricName, out);
        out.writeDouble(event.value);
        out.writeInt(event.priority);
        writeEnum(event.feedback, out);
    }

    @Override
    public OpsEvent deserialize(DataInputView in) throws IOException {
        OpsEvent event = new OpsEvent();
        event.deviceId = readString(in);
        event.deviceClass = readString(in);
        event.eventTime = in.readLong();
        event.kind = readEnum(KINDS, in);
        event.source = readString(in);
        event.reference = readString(in);
        event.summary = readString(in);
        event.severity = readEnum(SEVERITIES, in);
        event.changeType = readEnum(CHANGE_TYPES, in);
        event.failed = in.readBoolean();
        event.windowEnd = in.readLong();
        event.metricName = readString(in);
        event.value = in.readDouble();
        event.priority = in.readInt();
        event.feedback = readEnum(FEEDBACKS, in);
        return event;
    }

    @Override
    public TypeSerializerSnapshot<OpsEvent> snapshotConfiguration() {
        return new OpsEventSerializerSnapshot();
    }

    /** Only the encoding above, version {@value CompactSerializer.Snapshot#FIRST_VERSION}. */
    public static final class OpsEventSerializerSnapshot
            extends CompactSerializer.Snapshot<OpsEvent> {

        public OpsEventSerializerSnapshot() {
            super(INSTANCE);
        }
    }
}
