package org.outagepredictor.alerting;

import java.io.Serializable;
import java.util.Locale;
import org.apache.flink.util.Preconditions;
import org.outagepredictor.event.ChangeRef;
import org.outagepredictor.event.ChangeType;
import org.outagepredictor.features.FeatureSnapshot;

/**
 * The alert lifecycle of one device, in plain Java so that tests can drive it without Flink.
 *
 * <ul>
 *   <li><b>Trigger</b> when no alert is open, the probability has been at or above the trigger
 *       threshold for {@code min-duration}, the cooldown since the last resolve has passed, and no
 *       window holds alerts back. At most one alert is open per device. A device with an unapproved
 *       change in the last {@code unapproved-change-window} triggers from the lower {@code
 *       unapproved-change-trigger-threshold}.
 *   <li><b>Held back</b> (no trigger; reported as {@link Transition#HOLD} once each time the risk
 *       rises to the trigger threshold inside the window) while an outage incident opened less than
 *       {@code incident-quiet-period} ago, while an approved change's window is on, or in a
 *       configured maintenance window. When the window ends and the risk is still high, the next
 *       snapshot triggers.
 *   <li><b>Refresh</b> an open alert at the first snapshot {@code refresh-interval} after it was
 *       last sent.
 *   <li><b>Resolve</b> when an alert is open and the probability falls below the resolve threshold
 *       (between the two thresholds nothing changes: hysteresis), or when an outage incident opens
 *       on the device: the prediction came true and is now the service desk's incident (and the
 *       trainer's label), not a page. An open alert whose device sends no snapshot for {@code
 *       stale-after} (in event time) resolves itself; see {@link #onDeadline}.
 *   <li><b>Severity</b> is fixed at the trigger: by the probability ({@code alerts.severity.*}),
 *       raised to the device class's minimum.
 *   <li><b>Dedup key</b>: each alert gets {@code outage-predictor:<deviceId>:<openedAt millis>},
 *       carried unchanged by its trigger, refreshes and resolve, so that a receiver given the same
 *       alert twice (at-least-once delivery) still pages once.
 * </ul>
 *
 * <p>The policy keeps no state of its own: it reads and updates the {@link AlertState} it is
 * handed, which the caller stores per device while {@link #isIdle} says it is needed.
 */
public final class AlertPolicy implements Serializable {

    private static final long serialVersionUID = 1L;

    private static final String DEDUP_KEY_PREFIX = "outage-predictor:";

    /** The resolution of an alert whose device sent no snapshot for {@code stale-after}. */
    public static final String STALE_RESOLUTION = "stale: no data";

    /** What a decision does to the device's alert. */
    public enum Transition {
        /** Nothing to send. */
        NONE,
        /** An alert opened: send a TRIGGER. */
        TRIGGER,
        /** The open alert is due to be sent again: send a REFRESH. */
        REFRESH,
        /** The open alert resolved: send a RESOLVE ({@link AlertState#resolution} says why). */
        RESOLVE,
        /** An alert would open but a window holds it back ({@link AlertState#heldBy}). */
        HOLD
    }

    private final AlertPolicyOptions options;
    private final long minDurationMillis;
    private final long cooldownMillis;
    private final long staleAfterMillis;
    private final long refreshMillis;
    private final long unapprovedWindowMillis;
    private final long incidentQuietMillis;
    private final String riskFellResolution;

    public AlertPolicy(AlertPolicyOptions options) {
        Preconditions.checkNotNull(options, "options must not be null");
        this.options = options;
        this.minDurationMillis = options.minDuration.toMillis();
        this.cooldownMillis = options.cooldown.toMillis();
        this.staleAfterMillis = options.staleAfter.toMillis();
        this.refreshMillis = options.refreshInterval.toMillis();
        this.unapprovedWindowMillis = options.unapprovedChangeWindow.toMillis();
        this.incidentQuietMillis = options.incidentQuietPeriod.toMillis();
        this.riskFellResolution = "risk fell below " + AlertText.percent(options.resolveThreshold);
    }

    /**
     * Applies a device's newly scored snapshot and updates {@code state} in place. A device without
     * state is passed a fresh {@code new AlertState()}.
     *
     * <p>Snapshots are taken as they come: the newest one processed is the newest estimate, even if
     * its event time is a little older than the previous one's ({@link AlertState#lastSeen} never
     * moves back).
     */
    public Transition onSnapshot(AlertState state, FeatureSnapshot snapshot, double probability) {
        long time = snapshot.eventTime;
        state.lastSeen = Math.max(state.lastSeen, time);
        state.lastProbability = probability;
        if (state.open) {
            if (snapshot.lastOutageTime != AlertState.NEVER
                    && snapshot.lastOutageTime >= state.openedAt) {
                close(
                        state,
                        "predicted outage opened as incident " + snapshot.lastOutageId,
                        state.lastSeen);
                return Transition.RESOLVE;
            }
            if (probability < options.resolveThreshold) {
                close(state, riskFellResolution, state.lastSeen);
                return Transition.RESOLVE;
            }
            if (refreshMillis > 0
                    && (state.lastSentAt == AlertState.NEVER
                            || state.lastSeen - state.lastSentAt >= refreshMillis)) {
                state.lastSentAt = state.lastSeen;
                return Transition.REFRESH;
            }
            return Transition.NONE;
        }
        if (probability < triggerThreshold(snapshot)) {
            state.aboveSince = AlertState.NEVER;
            state.heldBy = null;
            return Transition.NONE;
        }
        if (state.aboveSince == AlertState.NEVER) {
            state.aboveSince = time;
        }
        if (time - state.aboveSince < minDurationMillis || !cooldownOver(state, time)) {
            return Transition.NONE;
        }
        String window = holdingWindow(snapshot);
        if (window != null) {
            if (window.equals(state.heldBy)) {
                return Transition.NONE;
            }
            state.heldBy = window;
            return Transition.HOLD;
        }
        state.open = true;
        state.dedupKey = dedupKey(snapshot.deviceId, time);
        state.deviceClass = snapshot.deviceClass;
        state.severity = severity(probability, snapshot.deviceClass);
        state.openedAt = time;
        state.lastSentAt = time;
        state.aboveSince = AlertState.NEVER;
        state.heldBy = null;
        state.resolution = null;
        return Transition.TRIGGER;
    }

    /**
     * Checks at {@code time} whether the device has gone quiet, that is whether no snapshot arrived
     * for {@code stale-after}: an open alert then resolves, at {@code time}; an alert about to open
     * is forgotten.
     */
    public Transition onDeadline(AlertState state, long time) {
        if (time - state.lastSeen < staleAfterMillis) {
            return Transition.NONE;
        }
        state.aboveSince = AlertState.NEVER;
        state.heldBy = null;
        if (state.open) {
            close(state, STALE_RESOLUTION, time);
            return Transition.RESOLVE;
        }
        return Transition.NONE;
    }

    /**
     * Whether {@code state} holds nothing that matters at {@code time}: no alert open or about to
     * open, and no cooldown running. The caller then drops it.
     */
    public boolean isIdle(AlertState state, long time) {
        return !state.open
                && state.aboveSince == AlertState.NEVER
                && (state.resolvedAt == AlertState.NEVER
                        || time - state.resolvedAt >= cooldownMillis);
    }

    /**
     * The event time at which a state that is not {@link #isIdle idle} next needs a look: while
     * open or about to open, when it would go stale; while cooling down, when the cooldown ends.
     */
    public long nextDeadline(AlertState state) {
        long deadline = Long.MIN_VALUE;
        if (state.open || state.aboveSince != AlertState.NEVER) {
            deadline = state.lastSeen + staleAfterMillis;
        }
        if (!state.open && state.resolvedAt != AlertState.NEVER) {
            deadline = Math.max(deadline, state.resolvedAt + cooldownMillis);
        }
        Preconditions.checkState(
                deadline != Long.MIN_VALUE, "An idle alert state has no deadline: %s", state);
        return deadline;
    }

    /** The key shared by an alert's TRIGGER, REFRESHes and RESOLVE. */
    public static String dedupKey(String deviceId, long openedAt) {
        return DEDUP_KEY_PREFIX + deviceId + ":" + openedAt;
    }

    /** The severity of an alert opened at {@code probability} on a device of this class. */
    public AlertSeverity severity(double probability, String deviceClass) {
        AlertSeverity severity =
                probability >= options.severityCritical
                        ? AlertSeverity.CRITICAL
                        : probability >= options.severityError
                                ? AlertSeverity.ERROR
                                : AlertSeverity.WARNING;
        AlertSeverity minimum =
                deviceClass == null
                        ? null
                        : options.deviceClassMinimumSeverity.get(
                                deviceClass.toLowerCase(Locale.ROOT));
        return minimum != null && minimum.compareTo(severity) > 0 ? minimum : severity;
    }

    private double triggerThreshold(FeatureSnapshot snapshot) {
        if (snapshot.recentChanges != null) {
            for (ChangeRef change : snapshot.recentChanges) {
                if (change != null
                        && change.changeType == ChangeType.UNAUTHORISED
                        && change.time <= snapshot.eventTime
                        && snapshot.eventTime - change.time <= unapprovedWindowMillis) {
                    return options.unapprovedChangeTriggerThreshold;
                }
            }
        }
        return options.triggerThreshold;
    }

    /** What holds alerts back for the snapshot's device at its time, in words, or {@code null}. */
    private String holdingWindow(FeatureSnapshot snapshot) {
        long time = snapshot.eventTime;
        if (snapshot.lastOutageTime != AlertState.NEVER
                && time - snapshot.lastOutageTime < incidentQuietMillis) {
            return "outage incident " + snapshot.lastOutageId + " is open";
        }
        if (snapshot.recentChanges != null) {
            for (ChangeRef change : snapshot.recentChanges) {
                if (change != null && change.approvedWindowHolds(time)) {
                    return "approved change " + change.id + " is in its window";
                }
            }
        }
        String maintenance = options.maintenanceWindows.holding(snapshot.deviceId, time);
        return maintenance == null ? null : "maintenance window " + maintenance;
    }

    private static void close(AlertState state, String resolution, long time) {
        state.open = false;
        state.resolvedAt = time;
        state.resolution = resolution;
    }

    private boolean cooldownOver(AlertState state, long eventTime) {
        // Checked against NEVER before subtracting: eventTime - Long.MIN_VALUE would overflow.
        return state.resolvedAt == AlertState.NEVER
                || eventTime - state.resolvedAt >= cooldownMillis;
    }
}
