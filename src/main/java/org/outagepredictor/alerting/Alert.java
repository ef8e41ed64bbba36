package org.outagepredictor.alerting;

import java.util.Arrays;
import java.util.Objects;
import org.outagepredictor.event.ChangeRef;

/**
 * A predicted outage sent to on-call: a {@link AlertStatus#TRIGGER} when a device's risk crosses
 * the trigger threshold, {@link AlertStatus#REFRESH}es while it stays open, and a {@link
 * AlertStatus#RESOLVE} with the same {@link #dedupKey}.
 *
 * <p>A Flink POJO. Its collections are arrays, not Lists: Flink treats a List as a generic type,
 * and the job disables generic types to keep Kryo out. See docs/alerts.md for the JSON form.
 */
public class Alert {

    public String deviceId;

    /** Device class (firewall, router, server, ...), or {@code null} if unknown. */
    public String deviceClass;

    /** Event time the alert refers to, epoch milliseconds. */
    public long eventTime;

    /** The model's probability of an outage within {@link #horizonMinutes}. */
    public double probability;

    /** The horizon the model predicts for, in minutes. */
    public int horizonMinutes;

    public long modelVersion;

    /** Shared by an alert's TRIGGER and RESOLVE; receivers deduplicate on it. */
    public String dedupKey;

    public AlertStatus status;

    /**
     * How urgent, from the probability at the trigger and the device class ({@code
     * alerts.severity.*}); a REFRESH and the RESOLVE carry the trigger's, so that receivers route
     * and label them alike.
     */
    public AlertSeverity severity;

    /** Event time the alert opened, epoch milliseconds (a TRIGGER's own {@link #eventTime}). */
    public long openedAt;

    /** A link for people to the dashboard ({@code alerts.dashboard-url}), or {@code null}. */
    public String dashboardUrl;

    /**
     * TRIGGER and REFRESH: the largest positive feature contributions, largest first. RESOLVE:
     * empty.
     */
    public Reason[] reasons = new Reason[0];

    /**
     * TRIGGER and REFRESH: the device's changes within the suspect-change window before {@link
     * #eventTime}, newest first, with links where {@code alerts.change-links} has them. RESOLVE:
     * empty.
     */
    public ChangeRef[] suspectChanges = new ChangeRef[0];

    /** RESOLVE: why the alert is over, in a few words. Otherwise {@code null}. */
    public String resolution;

    public Alert() {}

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Alert)) {
            return false;
        }
        Alert that = (Alert) o;
        return eventTime == that.eventTime
                && Double.compare(probability, that.probability) == 0
                && horizonMinutes == that.horizonMinutes
                && modelVersion == that.modelVersion
                && openedAt == that.openedAt
                && severity == that.severity
                && Objects.equals(dashboardUrl, that.dashboardUrl)
                && Objects.equals(deviceId, that.deviceId)
                && Objects.equals(deviceClass, that.deviceClass)
                && Objects.equals(dedupKey, that.dedupKey)
                && status == that.status
                && Arrays.equals(reasons, that.reasons)
                && Arrays.equals(suspectChanges, that.suspectChanges)
                && Objects.equals(resolution, that.resolution);
    }

    @Override
    public int hashCode() {
        return Objects.hash(dedupKey, status, eventTime);
    }

    @Override
    public String toString() {
        return AlertText.format(this);
    }
}
