package org.outagepredictor.alerting;

import java.util.Objects;

/**
 * One device's alert lifecycle, as {@link AlertPolicy} moves it: either an alert is open, or the
 * last one resolved and the device is cooling down. A device with neither has no state at all.
 *
 * <p>A Flink POJO (public no-argument constructor, public fields), so keyed state holding it is
 * serialised without Kryo and can evolve by adding fields.
 */
public class AlertState {

    /** The value of {@link #resolvedAt} before the device's first alert has resolved. */
    public static final long NEVER = Long.MIN_VALUE;

    /** Whether an alert is open for the device. */
    public boolean open;

    /**
     * The dedup key of the open alert; after it resolves, the key it had, until the state is
     * dropped.
     */
    public String dedupKey;

    /** The device class seen when the alert opened, for the alert a stale resolve emits. */
    public String deviceClass;

    /** Event time the open (or last) alert opened at, epoch milliseconds. */
    public long openedAt;

    /** Event time of the newest snapshot since the alert opened, epoch milliseconds. */
    public long lastSeen;

    /** The probability of the newest snapshot since the alert opened. */
    public double lastProbability;

    /** Version of the model that gave {@link #lastProbability}. */
    public long modelVersion;

    /** Event time the last alert resolved at, epoch milliseconds, or {@link #NEVER}. */
    public long resolvedAt = NEVER;

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
                && resolvedAt == that.resolvedAt
                && timerAt == that.timerAt
                && Objects.equals(dedupKey, that.dedupKey)
                && Objects.equals(deviceClass, that.deviceClass);
    }

    @Override
    public int hashCode() {
        return Objects.hash(open, dedupKey, openedAt, lastSeen, resolvedAt);
    }

    @Override
    public String toString() {
        return (open ? "open " : "closed ")
                + dedupKey
                + " openedAt="
                + openedAt
                + " lastSeen="
                + lastSeen
                + " p="
                + lastProbability
                + " resolvedAt="
                + (resolvedAt == NEVER ? "never" : String.valueOf(resolvedAt))
                + " timerAt="
                + timerAt;
    }
}
