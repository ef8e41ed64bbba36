package org.outagepredictor.simulate;

import java.time.Duration;
import java.util.Map;
import org.outagepredictor.event.ChangeType;

/**
 * {@link SimulatorOptions} turned into the numbers the devices use on every event: rates per
 * millisecond, cumulative distributions and millisecond durations. Shared by all devices of a
 * simulator and never changed.
 */
final class WorldRules {

    private static final double MILLIS_PER_HOUR = Duration.ofHours(1).toMillis();
    private static final double MILLIS_PER_DAY = Duration.ofDays(1).toMillis();

    /** Share of background events that are monitoring alerts rather than log lines. */
    static final double ALERT_SHARE = 0.25;

    /** Share of healthy non-error events that are WARNING rather than INFO. */
    static final double WARNING_SHARE = 0.3;

    /** Share of the extra error events of a degraded device that are CRITICAL, not ERROR. */
    static final double CRITICAL_SHARE = 0.2;

    /** Share of outages (P1 or P2 incidents) that are P1. */
    static final double P1_SHARE = 0.3;

    final long startMillis;
    final long seed;
    final double errorFraction;

    /** A uniform draw below {@link #errorFraction} is an ERROR, below this a WARNING. */
    final double warningBelow;

    final long metricIntervalMillis;
    final double changesPerMilli;
    final double changeFailureFraction;
    final double configRunFailureFraction;
    final double badChangeFraction;
    final double failedBadChangeMultiplier;
    final double emergencyBadChangeMultiplier;
    final double unauthorisedBadChangeMultiplier;
    final double incidentAfterBadChange;
    final long incidentDelayMinMillis;
    final long incidentDelayMaxMillis;
    final long degradationMinMillis;
    final long degradationMaxMillis;
    final double driftsPerMilli;
    final long driftMinMillis;
    final long driftMaxMillis;
    final double randomIncidentsPerMilli;
    final double incidentP3Fraction;

    private final DeviceClass[] classes = DeviceClass.values();
    private final double[] classCumulative;
    private final double[] backgroundPerMilli;
    private final double[] extraErrorsPerMilli;
    private final ChangeType[] changeTypes = ChangeType.values();
    private final double[] changeTypeCumulative;

    WorldRules(SimulatorOptions options) {
        startMillis = options.startTime.toEpochMilli();
        seed = options.seed;
        errorFraction = options.errorFraction;
        warningBelow = errorFraction + (1 - errorFraction) * WARNING_SHARE;
        metricIntervalMillis = options.metricInterval.toMillis();
        changesPerMilli = options.changesPerDay / MILLIS_PER_DAY;
        changeFailureFraction = options.changeFailureFraction;
        configRunFailureFraction = options.configRunFailureFraction;
        badChangeFraction = options.badChangeFraction;
        failedBadChangeMultiplier = options.failedBadChangeMultiplier;
        emergencyBadChangeMultiplier = options.emergencyBadChangeMultiplier;
        unauthorisedBadChangeMultiplier = options.unauthorisedBadChangeMultiplier;
        incidentAfterBadChange = options.incidentAfterBadChange;
        incidentDelayMinMillis = options.incidentDelayMin.toMillis();
        incidentDelayMaxMillis = options.incidentDelayMax.toMillis();
        degradationMinMillis = options.degradationMin.toMillis();
        degradationMaxMillis = options.degradationMax.toMillis();
        driftsPerMilli = options.driftIncidentsPerDay / MILLIS_PER_DAY;
        driftMinMillis = options.driftDurationMin.toMillis();
        driftMaxMillis = options.driftDurationMax.toMillis();
        randomIncidentsPerMilli = options.randomIncidentsPerDay / MILLIS_PER_DAY;
        incidentP3Fraction = options.incidentP3Fraction;

        classCumulative = cumulative(classes, options.classMix);
        changeTypeCumulative = cumulative(changeTypes, options.changeTypeMix);
        backgroundPerMilli = new double[classes.length];
        extraErrorsPerMilli = new double[classes.length];
        for (DeviceClass deviceClass : classes) {
            double perMilli = options.eventRatesPerHour.get(deviceClass) / MILLIS_PER_HOUR;
            backgroundPerMilli[deviceClass.ordinal()] = perMilli;
            // A degraded device keeps its background events and adds these, so that its error
            // rate is the multiplier times the healthy one while its other events stay as they
            // were.
            extraErrorsPerMilli[deviceClass.ordinal()] =
                    perMilli * errorFraction * (options.degradedErrorMultiplier - 1);
        }
    }

    DeviceClass pickClass(double uniform) {
        return classes[pick(classCumulative, uniform)];
    }

    ChangeType pickChangeType(double uniform) {
        return changeTypes[pick(changeTypeCumulative, uniform)];
    }

    double backgroundPerMilli(DeviceClass deviceClass) {
        return backgroundPerMilli[deviceClass.ordinal()];
    }

    /** Rate of the additional ERROR and CRITICAL events of a fully degraded device. */
    double extraErrorsPerMilli(DeviceClass deviceClass) {
        return extraErrorsPerMilli[deviceClass.ordinal()];
    }

    /** Chance that a change of this type and outcome is bad, capped at 1. */
    double badChangeProbability(ChangeType type, boolean failed) {
        double probability = badChangeFraction;
        if (failed) {
            probability *= failedBadChangeMultiplier;
        }
        if (type == ChangeType.EMERGENCY) {
            probability *= emergencyBadChangeMultiplier;
        } else if (type == ChangeType.UNAUTHORISED) {
            probability *= unauthorisedBadChangeMultiplier;
        }
        return Math.min(1.0, probability);
    }

    private static <K extends Enum<K>> double[] cumulative(K[] keys, Map<K, Double> shares) {
        double[] cumulative = new double[keys.length];
        double sum = 0;
        for (K key : keys) {
            sum += shares.get(key);
            cumulative[key.ordinal()] = sum;
        }
        return cumulative;
    }

    /** The first index whose cumulative share exceeds {@code uniform}, skipping zero shares. */
    private static int pick(double[] cumulative, double uniform) {
        for (int i = 0; i < cumulative.length; i++) {
            if (uniform < cumulative[i]) {
                return i;
            }
        }
        // Rounding can leave the last cumulative share a hair below 1: use the last non-empty one.
        int last = cumulative.length - 1;
        while (last > 0 && cumulative[last] == cumulative[last - 1]) {
            last--;
        }
        return last;
    }
}
