package org.outagepredictor.alerting;

import java.io.Serializable;
import org.apache.flink.util.Preconditions;

/**
 * The alert lifecycle of one device, in plain Java so that tests can drive it without Flink.
 *
 * <ul>
 *   <li><b>Trigger</b> when no alert is open, the probability is at or above the trigger threshold
 *       and the cooldown since the last resolve has passed. At most one alert is open per device.
 *   <li><b>Resolve</b> when an alert is open and the probability falls below the resolve threshold.
 *       Between the two thresholds nothing changes (hysteresis), so a probability hovering around
 *       one threshold cannot page and un-page in turn.
 *   <li><b>Stale</b>: an open alert whose device sends no snapshot for {@code stale-after} (in
 *       event time) resolves itself; see {@link #onDeadline}.
 *   <li><b>Dedup key</b>: each alert gets {@code outage-predictor:<deviceId>:<openedAt millis>},
 *       carried unchanged by its trigger and its resolve, so that a receiver given the same alert
 *       twice (at-least-once delivery) still pages once.
 * </ul>
 *
 * <p>The policy keeps no state of its own: it reads and updates the {@link AlertState} it is
 * handed, which the caller stores per device.
 */
public final class AlertPolicy implements Serializable {

    private static final long serialVersionUID = 1L;

    private static final String DEDUP_KEY_PREFIX = "outage-predictor:";

    /** What a decision does to the device's alert. */
    public enum Transition {
        /** Nothing to send. */
        NONE,
        /** An alert opened: send a TRIGGER. */
        TRIGGER,
        /** The open alert resolved: send a RESOLVE. */
        RESOLVE
    }

    private final double triggerThreshold;
    private final double resolveThreshold;
    private final long cooldownMillis;
    private final long staleAfterMillis;

    public AlertPolicy(AlertPolicyOptions options) {
        Preconditions.checkNotNull(options, "options must not be null");
        this.triggerThreshold = options.triggerThreshold;
        this.resolveThreshold = options.resolveThreshold;
        this.cooldownMillis = options.cooldown.toMillis();
        this.staleAfterMillis = options.staleAfter.toMillis();
    }

    /**
     * Applies a device's new probability at an event time and updates {@code state} in place. A
     * device without state is passed a fresh {@code new AlertState()}.
     *
     * <p>Snapshots are taken as they come: the newest one processed is the newest estimate, even if
     * its event time is a little older than the previous one's ({@link AlertState#lastSeen} never
     * moves back).
     */
    public Transition onProbability(
            AlertState state, String deviceId, double probability, long eventTime) {
        if (state.open) {
            state.lastSeen = Math.max(state.lastSeen, eventTime);
            state.lastProbability = probability;
            if (probability < resolveThreshold) {
                state.open = false;
                state.resolvedAt = state.lastSeen;
                return Transition.RESOLVE;
            }
            return Transition.NONE;
        }
        if (probability >= triggerThreshold && cooldownOver(state, eventTime)) {
            state.open = true;
            state.dedupKey = dedupKey(deviceId, eventTime);
            state.openedAt = eventTime;
            state.lastSeen = eventTime;
            state.lastProbability = probability;
            return Transition.TRIGGER;
        }
        return Transition.NONE;
    }

    /**
     * Checks at {@code time} whether the open alert has gone stale, that is whether no snapshot
     * arrived for {@code stale-after}; if so it resolves, at {@code time}.
     */
    public Transition onDeadline(AlertState state, long time) {
        if (state.open && time - state.lastSeen >= staleAfterMillis) {
            state.open = false;
            state.resolvedAt = time;
            return Transition.RESOLVE;
        }
        return Transition.NONE;
    }

    /**
     * The event time at which {@code state} next needs a look: while open, when it would go stale;
     * after a resolve, when the cooldown ends and the state can be dropped.
     *
     * @throws IllegalStateException if no alert is open and none has resolved
     */
    public long nextDeadline(AlertState state) {
        if (state.open) {
            return state.lastSeen + staleAfterMillis;
        }
        Preconditions.checkState(
                state.resolvedAt != AlertState.NEVER,
                "A device with no alert open and none resolved has no deadline: %s",
                state);
        return state.resolvedAt + cooldownMillis;
    }

    /** The key shared by an alert's TRIGGER and RESOLVE. */
    public static String dedupKey(String deviceId, long openedAt) {
        return DEDUP_KEY_PREFIX + deviceId + ":" + openedAt;
    }

    private boolean cooldownOver(AlertState state, long eventTime) {
        // Checked against NEVER before subtracting: eventTime - Long.MIN_VALUE would overflow.
        return state.resolvedAt == AlertState.NEVER
                || eventTime - state.resolvedAt >= cooldownMillis;
    }
}
