package org.outagepredictor.simulate;

import java.util.SplittableRandom;
import org.outagepredictor.event.ChangeType;
import org.outagepredictor.event.EventKind;
import org.outagepredictor.event.OpsEvent;
import org.outagepredictor.event.Severity;

/**
 * One simulated device: its own random generator, its health, and the time of the next event of
 * each of its independent streams (background events, extra errors while degraded, metric samples,
 * changes, drift starts, random incidents, the end of the current episode).
 *
 * <p>Everything a device does depends only on the seed, its index and its own past, never on other
 * devices, which is what makes its history the same however the fleet is partitioned.
 */
final class SimulatedDevice {

    /** How the device is doing. Only a healthy device can be hit by a new misfortune. */
    private enum Episode {
        HEALTHY,
        /** After a bad change that will end in an incident at {@link #episodeEnd}. */
        DEGRADED_UNTIL_INCIDENT,
        /** After a bad change whose effect fades away by {@link #episodeEnd}. */
        DEGRADED_FADING,
        /** Its drift metric climbs until the incident at {@link #episodeEnd}. */
        DRIFTING
    }

    private static final double NEVER = Double.POSITIVE_INFINITY;

    /** Record numbers are the device index times this plus a per-device counter. */
    private static final int RECORDS_PER_DEVICE = 10_000;

    private final WorldRules rules;
    private final SplittableRandom random;
    private final int index;
    private final DeviceClass deviceClass;
    private final ClassProfile profile;
    private final String id;
    private final String configTool;
    private final double[] baselines;
    private final double backgroundPerMilli;
    private final double extraErrorsPerMilli;

    // Stream times are fractional epoch milliseconds: a busy firewall's Poisson gaps are a few
    // milliseconds, and rounding each gap would bias its rate. Events carry the floor.
    private double nextBackground;
    private double nextExtraError = NEVER;
    private double nextChange;
    private double nextDriftStart;
    private double nextRandomIncident;
    private double episodeEnd = NEVER;
    private long nextMetricSample;
    private double nextTime;

    /** The next metric of the current sample to emit; equal to the count when all are out. */
    private int metricSlot;

    /** The metric of the current sample that crossed its warning level, or null. */
    private DeviceMetric thresholdCrossed;

    private Episode episode = Episode.HEALTHY;
    private long episodeStart;
    private String episodeChange;
    private int changeCount;
    private int incidentCount;

    SimulatedDevice(WorldRules rules, int index) {
        this.rules = rules;
        this.index = index;
        random = new SplittableRandom(deviceSeed(rules.seed, index));
        deviceClass = rules.pickClass(random.nextDouble());
        profile = ClassProfile.of(deviceClass);
        id = deviceId(deviceClass, index);
        configTool = random.nextBoolean() ? "puppet" : "chef";
        baselines = new double[profile.metrics.length];
        for (int slot = 0; slot < baselines.length; slot++) {
            DeviceMetric metric = profile.metrics[slot];
            baselines[slot] =
                    metric.baselineMin
                            + random.nextDouble() * (metric.baselineMax - metric.baselineMin);
        }
        backgroundPerMilli = rules.backgroundPerMilli(deviceClass);
        extraErrorsPerMilli = rules.extraErrorsPerMilli(deviceClass);

        double start = rules.startMillis;
        // A random phase per device keeps a large fleet from sampling all its metrics at once.
        nextMetricSample =
                rules.startMillis + (long) (random.nextDouble() * rules.metricIntervalMillis);
        nextBackground = after(start, backgroundPerMilli);
        nextChange = after(start, rules.changesPerMilli);
        nextDriftStart = after(start, rules.driftsPerMilli);
        nextRandomIncident = after(start, rules.randomIncidentsPerMilli);
        updateNextTime();
    }

    /** The time of this device's next step, in fractional epoch milliseconds. */
    double nextTime() {
        return nextTime;
    }

    /**
     * Takes the device's next step, at {@link #nextTime()}. Returns the event it produces, or null
     * for steps that only change the device's state (a drift starting, a fade ending, an extra
     * error thinned away, a misfortune skipped because the device is already in trouble).
     */
    OpsEvent advance() {
        double now = nextTime;
        OpsEvent event;
        // The order only matters for streams due in the same instant; any fixed order is fine.
        if (episodeEnd == now) {
            event = endEpisode();
        } else if (nextMetricSample == now) {
            event = metricStep();
        } else if (nextChange == now) {
            event = change();
        } else if (nextExtraError == now) {
            event = extraError();
        } else if (nextBackground == now) {
            event = background();
        } else if (nextDriftStart == now) {
            event = startDrift();
        } else {
            event = randomIncident();
        }
        updateNextTime();
        return event;
    }

    private OpsEvent background() {
        long time = (long) nextBackground;
        nextBackground = after(nextBackground, backgroundPerMilli);
        double draw = random.nextDouble();
        Severity severity;
        if (draw < rules.errorFraction) {
            severity = Severity.ERROR;
        } else if (draw < rules.warningBelow) {
            severity = Severity.WARNING;
        } else {
            severity = Severity.INFO;
        }
        return alertOrLog(time, severity);
    }

    private OpsEvent extraError() {
        double candidate = nextExtraError;
        nextExtraError = after(candidate, extraErrorsPerMilli);
        // Thinning: candidates arrive at the fully degraded rate and survive with the current
        // intensity, which makes a Poisson process whose rate fades as the degradation does.
        if (random.nextDouble() >= intensity(candidate)) {
            return null;
        }
        Severity severity =
                random.nextDouble() < WorldRules.CRITICAL_SHARE
                        ? Severity.CRITICAL
                        : Severity.ERROR;
        return alertOrLog((long) candidate, severity);
    }

    private OpsEvent alertOrLog(long time, Severity severity) {
        boolean alert = random.nextDouble() < WorldRules.ALERT_SHARE;
        OpsEvent event = event(alert ? EventKind.ALERT : EventKind.LOG, time);
        event.source = alert ? "solarwinds" : profile.logSource;
        event.severity = severity;
        event.summary = profile.text(severity, random.nextDouble());
        return event;
    }

    /** One step of a metric sample: each metric in turn, then a threshold alert if one fired. */
    private OpsEvent metricStep() {
        long time = nextMetricSample;
        DeviceMetric[] metrics = profile.metrics;
        if (metricSlot == metrics.length) {
            OpsEvent alert = event(EventKind.ALERT, time);
            alert.source = "solarwinds";
            alert.severity = Severity.WARNING;
            alert.summary = thresholdCrossed.thresholdAlertText;
            finishSample();
            return alert;
        }
        DeviceMetric metric = metrics[metricSlot];
        double value = sample(metric, baselines[metricSlot], time);
        metricSlot++;
        if (value > metric.warningLevel) {
            thresholdCrossed = metric;
        }
        if (metricSlot == metrics.length && thresholdCrossed == null) {
            finishSample();
        }
        OpsEvent event = event(EventKind.METRIC, time);
        event.source = "solarwinds";
        event.metricName = metric.metricName;
        event.value = value;
        return event;
    }

    private void finishSample() {
        metricSlot = 0;
        thresholdCrossed = null;
        nextMetricSample += rules.metricIntervalMillis;
    }

    private double sample(DeviceMetric metric, double baseline, long time) {
        double value = baseline * (1 + metric.noise * random.nextGaussian());
        value += metric.degradedShift * baseline * intensity(time);
        if (episode == Episode.DRIFTING && metric == profile.driftMetric) {
            double progress = (time - episodeStart) / (episodeEnd - episodeStart);
            value += (metric.driftTarget - baseline) * progress;
        }
        value = Math.max(metric.lowest, Math.min(metric.highest, value));
        return Math.round(value * 100) / 100.0;
    }

    private OpsEvent change() {
        double now = nextChange;
        long time = (long) now;
        nextChange = after(now, rules.changesPerMilli);
        ChangeType type = rules.pickChangeType(random.nextDouble());
        boolean failed =
                random.nextDouble()
                        < (type == ChangeType.CONFIG_RUN
                                ? rules.configRunFailureFraction
                                : rules.changeFailureFraction);
        changeCount++;
        String text = profile.changeTexts[random.nextInt(profile.changeTexts.length)];
        OpsEvent change = event(EventKind.CHANGE, time);
        change.changeType = type;
        change.failed = failed;
        String outcome = failed ? " (failed, backed out)" : "";
        switch (type) {
            case PLANNED:
                change.source = "servicenow";
                change.reference = recordNumber("CHG", changeCount);
                change.summary = text + outcome;
                break;
            case EMERGENCY:
                change.source = "servicenow";
                change.reference = recordNumber("CHG", changeCount);
                change.summary = "Emergency: " + text + outcome;
                break;
            case UNAUTHORISED:
                // Found by comparing running configurations: there is no change record.
                change.source = "simulator";
                change.reference = "cfgdiff-" + Long.toHexString(random.nextLong());
                change.summary = "Unapproved: " + text + outcome;
                break;
            case CONFIG_RUN:
                change.source = configTool;
                change.reference = configTool + "-run-" + Long.toHexString(random.nextLong());
                int resources = 1 + random.nextInt(12);
                change.summary =
                        configTool
                                + (failed ? " run failed after changing " : " run changed ")
                                + resources
                                + " resources";
                break;
            default:
                throw new IllegalStateException("unknown change type " + type);
        }
        if (episode == Episode.HEALTHY
                && random.nextDouble() < rules.badChangeProbability(type, failed)) {
            change.summary += FleetSimulator.BAD_CHANGE_MARKER;
            degrade(now, time, change.reference);
        }
        return change;
    }

    private void degrade(double now, long time, String changeReference) {
        episodeStart = time;
        episodeChange = changeReference;
        if (random.nextDouble() < rules.incidentAfterBadChange) {
            episode = Episode.DEGRADED_UNTIL_INCIDENT;
            episodeEnd = time + uniform(rules.incidentDelayMinMillis, rules.incidentDelayMaxMillis);
        } else {
            episode = Episode.DEGRADED_FADING;
            episodeEnd = time + uniform(rules.degradationMinMillis, rules.degradationMaxMillis);
        }
        nextExtraError = after(now, extraErrorsPerMilli);
    }

    private OpsEvent startDrift() {
        long time = (long) nextDriftStart;
        nextDriftStart = after(nextDriftStart, rules.driftsPerMilli);
        if (episode == Episode.HEALTHY) {
            episode = Episode.DRIFTING;
            episodeStart = time;
            episodeEnd = time + uniform(rules.driftMinMillis, rules.driftMaxMillis);
        }
        return null;
    }

    private OpsEvent randomIncident() {
        long time = (long) nextRandomIncident;
        nextRandomIncident = after(nextRandomIncident, rules.randomIncidentsPerMilli);
        return episode == Episode.HEALTHY ? incident(time, FleetSimulator.WITHOUT_WARNING) : null;
    }

    private OpsEvent endEpisode() {
        long time = (long) episodeEnd;
        OpsEvent incident;
        if (episode == Episode.DEGRADED_UNTIL_INCIDENT) {
            incident = incident(time, FleetSimulator.AFTER_CHANGE + episodeChange + ": ");
        } else if (episode == Episode.DRIFTING) {
            incident =
                    incident(
                            time,
                            FleetSimulator.AFTER_DRIFT + profile.driftMetric.metricName + ": ");
        } else {
            incident = null;
        }
        // The outage is where the story ends: the device is repaired at once, with no
        // lingering errors, so the next misfortune starts from a healthy baseline.
        episode = Episode.HEALTHY;
        episodeEnd = NEVER;
        episodeChange = null;
        nextExtraError = NEVER;
        return incident;
    }

    private OpsEvent incident(long time, String cause) {
        incidentCount++;
        OpsEvent incident = event(EventKind.INCIDENT, time);
        incident.source = "servicenow";
        incident.reference = recordNumber("INC", incidentCount);
        incident.summary = cause + profile.outageSymptom;
        if (random.nextDouble() < rules.incidentP3Fraction) {
            incident.priority = 3;
        } else {
            incident.priority = random.nextDouble() < WorldRules.P1_SHARE ? 1 : 2;
        }
        return incident;
    }

    /**
     * How hard a bad change hits the device now, from 0 to 1; a fading episode loses it linearly.
     */
    private double intensity(double time) {
        if (episode == Episode.DEGRADED_UNTIL_INCIDENT) {
            return 1;
        }
        if (episode == Episode.DEGRADED_FADING) {
            return Math.max(0, 1 - (time - episodeStart) / (episodeEnd - episodeStart));
        }
        return 0;
    }

    private OpsEvent event(EventKind kind, long time) {
        OpsEvent event = OpsEvent.of(kind, id, time);
        event.deviceClass = deviceClass.label();
        return event;
    }

    /** The next arrival of a Poisson process of the given rate after {@code from}. */
    private double after(double from, double perMilli) {
        if (perMilli == 0) {
            return NEVER;
        }
        return from - Math.log(1 - random.nextDouble()) / perMilli;
    }

    private long uniform(long min, long max) {
        return min + random.nextLong(max - min + 1);
    }

    private void updateNextTime() {
        nextTime =
                Math.min(
                        Math.min(Math.min(nextBackground, nextExtraError), nextMetricSample),
                        Math.min(
                                Math.min(nextChange, nextDriftStart),
                                Math.min(nextRandomIncident, episodeEnd)));
    }

    /**
     * A change or incident number such as {@code CHG0070012}: unique over the fleet while a device
     * has fewer than 10,000 records, and independent of partitioning.
     */
    private String recordNumber(String prefix, int count) {
        String digits =
                Long.toString((long) index * RECORDS_PER_DEVICE + count % RECORDS_PER_DEVICE);
        return prefix + "0".repeat(Math.max(0, 7 - digits.length())) + digits;
    }

    static String deviceId(DeviceClass deviceClass, int index) {
        String digits = Integer.toString(index);
        return deviceClass.idPrefix() + "-" + "0".repeat(Math.max(0, 6 - digits.length())) + digits;
    }

    /**
     * Mixes the fleet seed and the device index into the device's own seed (the SplitMix64
     * finaliser), so neighbouring devices get unrelated generators.
     */
    static long deviceSeed(long seed, int index) {
        return mix(mix(seed) + (index + 1L) * 0x9E3779B97F4A7C15L);
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
