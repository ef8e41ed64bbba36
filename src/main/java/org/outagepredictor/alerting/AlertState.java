package org.outagepredictor.alerting;

import java.util.Objects;

/**
 * One device's alert lifecycle, as {@link AlertPolicy} moves it: an alert is open; or the risk is
 * above the trigger threshold and an alert is about to open (waiting out {@code min-duration}, or
 * held back by a window); or the last alert resolved and the device is cooling down. A device with
 * none of these has no state at all.
 *
 * <p>A Flink POJO (public no-argument constructor, public fields), so keyed state holding it is
 * serialised without Kryo and can evolve by adding fields; fields added later start from their
 * initialiser when older state is restored.
 */
public class AlertState {

    /** The value of the time fields that have not happened yet. */
    public static final long NEVER = Long.MIN_VALUE;

    /** Whether an alert is open for the device. */
    public boolean open;

    /**
     * The dedup key of the open alert; after it resolves, the key it had, until the state is
     * dropped.
     */
    public String dedupKey;

    /** The device class seen when the alert opened, for the alerts that later snapshots emit. */
    public String deviceClass;

    /** The open (or last) alert's severity, fixed when it opened. */
    public AlertSeverity severity;

    /** Event time the open (or last) alert opened at, epoch milliseconds. */
    public long openedAt;

    /** Event time of the newest snapshot while the device has state, epoch milliseconds. */
    public long lastSeen;

    /** The probability of the newest snapshot. */
    public double lastProbability;

    /** Version of the model that gave {@link #lastProbability}. */
    public long modelVersion;

    /** Event time the open alert was last sent (its TRIGGER or a REFRESH). */
    public long lastSentAt = NEVER;

    /**
     * While no alert is open: event time since which every snapshot's probability has been at or
     * above the trigger threshold, or {@link #NEVER}.
     */
    public long aboveSince = NEVER;

    /** The window that holds back the alert about to open, as the policy names it, or null. */
    public String heldBy;

    /** Event time the last alert resolved at, epoch milliseconds, or {@link #NEVER}. */
    public long resolvedAt = NEVER;

    /** Why the last alert resolved, in words, or {@code null}. */
    public String resolution;

    /** Event time of the one timer registered for the device while it has state. */
    public long timerAt;

    public AlertState() {}

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof AlertState)) {
            return false;
        }
        AlertState that = (AlertState) o;
        return open == that.open
                && openedAt == that.openedAt
                && lastSeen == that.lastSeen
                && Double.compare(lastProbability, that.lastProbability) == 0
                && modelVersion == that.modelVersion
                && lastSentAt == that.lastSentAt
                && aboveSince == that.aboveSince
                && resolvedAt == that.resolvedAt
                && timerAt == that.timerAt
                && severity == that.severity
                && Objects.equals(dedupKey, that.dedupKey)
                && Objects.equals(deviceClass, that.deviceClass)
                && Objects.equals(heldBy, that.heldBy)
                && Objects.equals(resolution, that.resolution);
    }

    @Override
    public int hashCode() {
        return Objects.hash(open, dedupKey, openedAt, lastSeen, resolvedAt);
    }

    @Override
    public String toString() {
        return (open ? "open " : "closed ")
                + dedupKey
                + " "
                + severity
                + " openedAt="
                + openedAt
                + " lastSeen="
                + lastSeen
                + " p="
                + lastProbability
                + " aboveSince="
                + (aboveSince == NEVER ? "never" : String.valueOf(aboveSince))
                + (heldBy == null ? "" : " heldBy=" + heldBy)
                + " resolvedAt="
                + (resolvedAt == NEVER ? "never" : String.valueOf(resolvedAt))
                + " timerAt="
                + timerAt;
    }
}
