package org.outagepredictor.features;

import java.io.Serializable;
import org.outagepredictor.event.ChangeRef;
import org.outagepredictor.event.ChangeType;
import org.outagepredictor.event.EventKind;
import org.outagepredictor.event.OpsEvent;
import org.outagepredictor.event.Severity;
import org.outagepredictor.features.DecayedCounts.Counter;
import org.outagepredictor.features.DecayedCounts.HalfLife;

/**
 * The plain-Java core of {@link DeviceFeatures}: folds one device's events into its {@link
 * DeviceState} and turns that state into a {@link FeatureSnapshot}. No Flink in here, so unit tests
 * and the bootstrap trainer drive it directly.
 */
public final class FeatureCalculator implements Serializable {

    private static final long serialVersionUID = 1L;

    /** Largest absolute z-score or drift that enters the vector; beyond it nothing is learned. */
    private static final double MAX_Z = 10.0;

    private static final double VARIANCE_FLOOR = 1e-9;

    /** The shortest observation that a rate is extrapolated from, whatever the warm-up. */
    private static final long MIN_OBSERVATION = 60_000L;

    /** Deviations beyond this many standard deviations update the baseline as if they were this. */
    private static final double OUTLIER_SD = 3.0;

    private final FeatureOptions options;

    public FeatureCalculator(FeatureOptions options) {
        this.options = options;
    }

    public FeatureOptions options() {
        return options;
    }

    /** A new state for a device whose first event is {@code event}. */
    public DeviceState newState(OpsEvent event) {
        return DeviceState.create(
                event.eventTime, options.maxMetricsPerDevice, options.recentChanges);
    }

    /**
     * Folds {@code event} into {@code state}. Events may arrive out of order: a late one is counted
     * with the weight it would have had, and time never moves back.
     */
    public void update(DeviceState state, OpsEvent event) {
        long age = state.lastEventTime - event.eventTime;
        if (age < 0) {
            DecayedCounts.decay(state.counts, -age);
            state.lastEventTime = event.eventTime;
        }
        if (event.deviceClass != null) {
            state.deviceClass = event.deviceClass;
        }
        switch (event.kind) {
            case ALERT:
            case LOG:
                addSeverityEvent(state.counts, event.severity, age);
                break;
            case CHANGE:
                addChange(state, event, age);
                break;
            case METRIC:
                addMetricSample(state, event);
                break;
            case INCIDENT:
                DecayedCounts.add(state.counts, Counter.INCIDENTS, age);
                break;
            case FEEDBACK:
                // Feedback labels predictions; it says nothing about the device's health.
                break;
            default:
                throw new IllegalArgumentException("Unknown event kind " + event.kind);
        }
    }

    /**
     * Records an outage incident ({@code labels.outage-priorities}) that {@link #update} has folded
     * in: the snapshots carry the newest one to the alert policy.
     */
    public void recordOutage(DeviceState state, OpsEvent incident) {
        if (incident.eventTime >= state.lastOutageTime) {
            state.lastOutageTime = incident.eventTime;
            state.lastOutageId = incident.reference;
        }
    }

    /**
     * Whether {@code event}, just folded into {@code state}, should produce a snapshot: none while
     * the device is warming up, then a change or an incident always (the alert policy reacts to
     * both at once), anything else once per snapshot interval.
     */
    public boolean shouldSnapshot(DeviceState state, OpsEvent event) {
        if (event.kind == EventKind.FEEDBACK
                || state.lastEventTime - state.firstEventTime < options.warmupMillis) {
            return false;
        }
        return event.kind == EventKind.CHANGE
                || event.kind == EventKind.INCIDENT
                || state.lastSnapshotTime == Long.MIN_VALUE
                || state.lastEventTime - state.lastSnapshotTime >= options.snapshotIntervalMillis;
    }

    /** The features of {@code state} at its newest event time; records the snapshot's time. */
    public FeatureSnapshot snapshot(String deviceId, DeviceState state) {
        long now = state.lastEventTime;
        long observed = now - state.firstEventTime;
        double[] c = state.counts;
        double[] x = new double[Feature.COUNT];

        x[Feature.BIAS.ordinal()] = 1.0;
        x[Feature.ALERTS_5M.ordinal()] = logSteadyCount(c, Counter.ALERTS, HalfLife.M5, observed);
        x[Feature.ALERTS_1H.ordinal()] = logSteadyCount(c, Counter.ALERTS, HalfLife.H1, observed);
        x[Feature.ALERTS_24H.ordinal()] = logSteadyCount(c, Counter.ALERTS, HalfLife.H24, observed);
        x[Feature.ERRORS_5M.ordinal()] = logSteadyCount(c, Counter.ERRORS, HalfLife.M5, observed);
        x[Feature.ERRORS_1H.ordinal()] = logSteadyCount(c, Counter.ERRORS, HalfLife.H1, observed);
        double errorBurst = burst(c, Counter.ERRORS, observed);
        x[Feature.ERROR_BURST.ordinal()] = errorBurst;
        x[Feature.EVENT_BURST.ordinal()] = burst(c, Counter.EVENTS, observed);
        fillMetricFeatures(state, now, x);
        double recency =
                state.lastChangeTime == Long.MIN_VALUE
                        ? 0.0
                        : Math.exp(
                                -Math.log(2)
                                        * Math.max(0, now - state.lastChangeTime)
                                        / options.changeRecencyHalfLifeMillis);
        x[Feature.CHANGE_RECENCY.ordinal()] = recency;
        x[Feature.CHANGES_1H.ordinal()] = logCount(c, Counter.CHANGES, HalfLife.H1);
        x[Feature.CHANGES_24H.ordinal()] = logCount(c, Counter.CHANGES, HalfLife.H24);
        x[Feature.FAILED_CHANGES_1H.ordinal()] = logCount(c, Counter.FAILED_CHANGES, HalfLife.H1);
        x[Feature.FAILED_CHANGES_24H.ordinal()] = logCount(c, Counter.FAILED_CHANGES, HalfLife.H24);
        x[Feature.UNAUTHORISED_CHANGES_24H.ordinal()] =
                logCount(c, Counter.UNAUTHORISED_CHANGES, HalfLife.H24);
        x[Feature.EMERGENCY_CHANGES_24H.ordinal()] =
                logCount(c, Counter.EMERGENCY_CHANGES, HalfLife.H24);
        x[Feature.INCIDENTS_24H.ordinal()] = logCount(c, Counter.INCIDENTS, HalfLife.H24);
        x[Feature.RECENT_CHANGE_X_ERROR_BURST.ordinal()] = recency * Math.max(0.0, errorBurst);

        state.lastSnapshotTime = now;
        FeatureSnapshot snapshot = new FeatureSnapshot();
        snapshot.deviceId = deviceId;
        snapshot.deviceClass = state.deviceClass;
        snapshot.eventTime = now;
        snapshot.values = x;
        snapshot.recentChanges = recentChanges(state.recentChanges);
        snapshot.lastOutageTime = state.lastOutageTime;
        snapshot.lastOutageId = state.lastOutageId;
        return snapshot;
    }

    private static void addSeverityEvent(double[] counts, Severity severity, long age) {
        DecayedCounts.add(counts, Counter.EVENTS, age);
        if (severity != null && severity != Severity.INFO) {
            DecayedCounts.add(counts, Counter.ALERTS, age);
            if (severity.isError()) {
                DecayedCounts.add(counts, Counter.ERRORS, age);
            }
        }
    }

    private static void addChange(DeviceState state, OpsEvent change, long age) {
        DecayedCounts.add(state.counts, Counter.CHANGES, age);
        if (change.failed) {
            DecayedCounts.add(state.counts, Counter.FAILED_CHANGES, age);
        }
        if (change.changeType == ChangeType.UNAUTHORISED) {
            DecayedCounts.add(state.counts, Counter.UNAUTHORISED_CHANGES, age);
        } else if (change.changeType == ChangeType.EMERGENCY) {
            DecayedCounts.add(state.counts, Counter.EMERGENCY_CHANGES, age);
        }
        state.lastChangeTime = Math.max(state.lastChangeTime, change.eventTime);
        insertNewestFirst(state.recentChanges, ChangeRef.of(change));
    }

    /** Keeps the ring ordered newest first; a change older than all kept ones is dropped. */
    private static void insertNewestFirst(ChangeRef[] ring, ChangeRef ref) {
        int position = 0;
        while (position < ring.length && ring[position] != null && ring[position].time > ref.time) {
            position++;
        }
        if (position == ring.length) {
            return;
        }
        System.arraycopy(ring, position, ring, position + 1, ring.length - position - 1);
        ring[position] = ref;
    }

    private void addMetricSample(DeviceState state, OpsEvent sample) {
        if (sample.metricName == null || !Double.isFinite(sample.value)) {
            return;
        }
        int slot = metricSlot(state, sample.metricName);
        double x = sample.value;
        if (state.metricSamples[slot] == 0) {
            state.metricFastMean[slot] = x;
            state.metricSlowMean[slot] = x;
            state.metricVariance[slot] = 0.0;
            state.metricLastZ[slot] = 0.0;
        } else {
            double deviation = x - state.metricSlowMean[slot];
            double sd = Math.sqrt(state.metricVariance[slot] + VARIANCE_FLOOR);
            boolean warm = state.metricSamples[slot] >= options.metricWarmupSamples;
            state.metricLastZ[slot] = warm ? clip(deviation / sd) : 0.0;
            if (warm) {
                // Winsorise what the baseline learns from: a step or spike would otherwise inflate
                // the variance within a few samples and hide itself. A lasting shift is still
                // absorbed, just over tens of samples instead of a handful.
                deviation = Math.max(-OUTLIER_SD * sd, Math.min(OUTLIER_SD * sd, deviation));
            }
            // Exponentially weighted mean and variance around the moving baseline. Over the first
            // samples the weight is 1/n, a plain average, so that the baseline of a new metric
            // is sound after a few samples instead of after 1/alpha of them.
            double firstSamples = 1.0 / (state.metricSamples[slot] + 1);
            double a = Math.max(options.metricSlowAlpha, firstSamples);
            state.metricSlowMean[slot] += a * deviation;
            state.metricVariance[slot] =
                    (1 - a) * (state.metricVariance[slot] + a * deviation * deviation);
            double fast = Math.max(options.metricFastAlpha, firstSamples);
            state.metricFastMean[slot] += fast * (x - state.metricFastMean[slot]);
        }
        state.metricSamples[slot]++;
        state.metricLastTime[slot] = Math.max(state.metricLastTime[slot], sample.eventTime);
    }

    /** The slot of {@code name}; a new name takes a free slot or the least recently sampled one. */
    private static int metricSlot(DeviceState state, String name) {
        int stalest = 0;
        for (int i = 0; i < state.metricNames.length; i++) {
            String slotName = state.metricNames[i];
            if (slotName == null) {
                state.metricNames[i] = name;
                return i;
            }
            if (slotName.equals(name)) {
                return i;
            }
            if (state.metricLastTime[i] < state.metricLastTime[stalest]) {
                stalest = i;
            }
        }
        state.metricNames[stalest] = name;
        state.metricSamples[stalest] = 0;
        return stalest;
    }

    private void fillMetricFeatures(DeviceState state, long now, double[] x) {
        double maxZ = 0.0;
        double maxDrift = 0.0;
        for (int i = 0; i < state.metricNames.length; i++) {
            if (state.metricNames[i] == null
                    || state.metricSamples[i] < options.metricWarmupSamples
                    || now - state.metricLastTime[i] > options.metricStalenessMillis) {
                continue;
            }
            double sd = Math.sqrt(state.metricVariance[i] + VARIANCE_FLOOR);
            maxZ = Math.max(maxZ, Math.abs(state.metricLastZ[i]));
            double drift = (state.metricFastMean[i] - state.metricSlowMean[i]) / sd;
            maxDrift = Math.max(maxDrift, Math.abs(clip(drift)));
        }
        x[Feature.METRIC_MAX_Z.ordinal()] = maxZ;
        x[Feature.METRIC_DRIFT.ordinal()] = maxDrift;
    }

    /**
     * Like {@link #logCount}, for the counters of alerts and log events: divided by the share of
     * the half-life's steady state that the device's observation time has filled. Without it a
     * device seen for an hour would have a tiny 24-hour count, which the model reads as a quiet
     * device rather than a new one. Changes and incidents are rare and stay raw: one change in a
     * new device's first hour does not mean dozens a day.
     */
    private double logSteadyCount(
            double[] counts, Counter counter, HalfLife halfLife, long observed) {
        double filled =
                1.0
                        - DecayedCounts.decayFactor(
                                Math.max(observed, Math.max(options.warmupMillis, MIN_OBSERVATION)),
                                halfLife);
        return Math.log1p(DecayedCounts.get(counts, counter, halfLife) / filled);
    }

    private static double logCount(double[] counts, Counter counter, HalfLife halfLife) {
        return Math.log1p(DecayedCounts.get(counts, counter, halfLife));
    }

    /**
     * ln of the 5-minute count over the count that the device's 24-hour baseline rate would give at
     * the same half-life, each with {@code burst-prior-events} added: on a server with a few errors
     * a day, one error is chance, not a burst; on a firewall with thousands, the prior vanishes
     * beside the counts.
     */
    private double burst(double[] c, Counter counter, long observed) {
        double prior = options.burstPriorEvents;
        double recent = DecayedCounts.get(c, counter, HalfLife.M5);
        double expected =
                DecayedCounts.ratePerHour(c, counter, HalfLife.H24, observed)
                        * DecayedCounts.steadyCountPerHourlyRate(HalfLife.M5);
        return Math.log((recent + prior) / (expected + prior));
    }

    private static double clip(double z) {
        return Math.max(-MAX_Z, Math.min(MAX_Z, z));
    }

    private static ChangeRef[] recentChanges(ChangeRef[] ring) {
        int n = 0;
        while (n < ring.length && ring[n] != null) {
            n++;
        }
        ChangeRef[] copy = new ChangeRef[n];
        System.arraycopy(ring, 0, copy, 0, n);
        return copy;
    }
}
