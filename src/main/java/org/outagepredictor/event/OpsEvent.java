package org.outagepredictor.event;

import java.util.Objects;
import org.apache.flink.api.common.typeinfo.TypeInfo;

/**
 * The canonical event: whatever a source reports (a change, an alert, a log line, a metric sample,
 * an incident, feedback on a prediction) about one device at one moment in event time.
 *
 * <p>Public no-argument constructor and public fields; Flink serialises it with {@link
 * OpsEventSerializer} (a field added here must be added there). Fields that do not apply to a kind
 * keep their defaults ({@code null}, 0 or {@code false}).
 */
@TypeInfo(OpsEventTypeInfo.Factory.class)
public class OpsEvent {

    /** Normalised device id: the key of all per-device state. */
    public String deviceId;

    /** Device class (firewall, router, server, database, ...), or {@code null} if unknown. */
    public String deviceClass;

    /** Event time in epoch milliseconds. */
    public long eventTime;

    public EventKind kind;

    /** The system the event came from (simulator, servicenow, puppet, panos, ...). */
    public String source;

    /** The source's own id for the record: change or incident number, alert id, run id. */
    public String reference;

    /** One human-readable line: what happened. */
    public String summary;

    /** ALERT and LOG: how severe. */
    public Severity severity;

    /** CHANGE: how the change came about. */
    public ChangeType changeType;

    /** CHANGE: whether the change or configuration-management run failed. */
    public boolean failed;

    /**
     * CHANGE: end of the change's approved window (its planned end), epoch milliseconds; the window
     * starts at {@link #eventTime}. 0 when the source gives none.
     */
    public long windowEnd;

    /** METRIC: the metric's name. */
    public String metricName;

    /** METRIC: the sample's value. */
    public double value;

    /** INCIDENT: priority, 1 (critical) to 5 (planning). */
    public int priority;

    /** FEEDBACK: the answer given to the prediction named by {@link #reference}. */
    public Feedback feedback;

    public OpsEvent() {}

    public static OpsEvent of(EventKind kind, String deviceId, long eventTime) {
        OpsEvent event = new OpsEvent();
        event.kind = kind;
        event.deviceId = deviceId;
        event.eventTime = eventTime;
        return event;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof OpsEvent)) {
            return false;
        }
        OpsEvent that = (OpsEvent) o;
        return eventTime == that.eventTime
                && failed == that.failed
                && windowEnd == that.windowEnd
                && Double.compare(value, that.value) == 0
                && priority == that.priority
                && Objects.equals(deviceId, that.deviceId)
                && Objects.equals(deviceClass, that.deviceClass)
                && kind == that.kind
                && Objects.equals(source, that.source)
                && Objects.equals(reference, that.reference)
                && Objects.equals(summary, that.summary)
                && severity == that.severity
                && changeType == that.changeType
                && Objects.equals(metricName, that.metricName)
                && feedback == that.feedback;
    }

    @Override
    public int hashCode() {
        return Objects.hash(deviceId, eventTime, kind, reference, metricName, value);
    }

    @Override
    public String toString() {
        return kind
                + " "
                + deviceId
                + " @"
                + eventTime
                + (reference == null ? "" : " " + reference)
                + (summary == null ? "" : " " + summary);
    }
}
