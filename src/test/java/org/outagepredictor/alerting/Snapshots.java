package org.outagepredictor.alerting;

import java.time.Instant;
import org.outagepredictor.event.ChangeRef;
import org.outagepredictor.event.ChangeType;
import org.outagepredictor.features.Feature;
import org.outagepredictor.features.FeatureSnapshot;
import org.outagepredictor.model.LogisticModel;

/**
 * Snapshots that score a chosen probability. {@link #MODEL} weighs only {@link Feature#ERRORS_5M},
 * with coefficient 1, so the probability of a snapshot is the logistic function of that one value,
 * and {@code logit(p)} as its value scores {@code p}.
 */
final class Snapshots {

    /** A model version that no default would produce, so tests see it was carried through. */
    static final long MODEL_VERSION = 41;

    static final LogisticModel MODEL = errorsOnlyModel();

    /** 2026-01-01T00:00:00Z, the start of every story. */
    static final long T0 = Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();

    static final long MINUTE = 60_000L;
    static final long HOUR = 60 * MINUTE;

    private Snapshots() {}

    /** A snapshot of {@code deviceId} at {@code eventTime} that {@link #MODEL} scores {@code p}. */
    static FeatureSnapshot scoring(String deviceId, long eventTime, double p) {
        FeatureSnapshot snapshot = new FeatureSnapshot();
        snapshot.deviceId = deviceId;
        snapshot.deviceClass = "firewall";
        snapshot.eventTime = eventTime;
        snapshot.values = new double[Feature.COUNT];
        snapshot.values[Feature.BIAS.ordinal()] = 1.0;
        snapshot.values[Feature.ERRORS_5M.ordinal()] = Math.log(p / (1.0 - p));
        snapshot.recentChanges = new ChangeRef[0];
        return snapshot;
    }

    static ChangeRef change(String id, long time, ChangeType type, boolean failed) {
        ChangeRef change = new ChangeRef();
        change.id = id;
        change.source = "servicenow";
        change.time = time;
        change.summary = "Change " + id;
        change.changeType = type;
        change.failed = failed;
        return change;
    }

    private static LogisticModel errorsOnlyModel() {
        double[] coefficients = new double[Feature.COUNT];
        coefficients[Feature.ERRORS_5M.ordinal()] = 1.0;
        return new LogisticModel(MODEL_VERSION, coefficients);
    }
}
