package org.outagepredictor.alerting;

import static org.outagepredictor.alerting.Snapshots.MINUTE;

import java.time.Duration;
import java.time.Instant;
import org.apache.flink.configuration.Configuration;
import org.outagepredictor.event.ChangeRef;
import org.outagepredictor.event.ChangeType;
import org.outagepredictor.features.Feature;

/** Sample alerts, as an on-call engineer would receive them. */
final class Alerts {

    /** 2026-01-01T03:05:00Z. */
    static final long THREE_AM = Instant.parse("2026-01-01T03:05:00Z").toEpochMilli();

    private Alerts() {}

    /**
     * The policy these tests are written for: trigger at 0.7 (0.5 after an unapproved change),
     * resolve below 0.4, no refreshes, the other options at their defaults. Fixed here so that a
     * change of the shipped defaults does not move the edges the tests probe.
     */
    static AlertPolicyOptions policy() {
        return policy(new Configuration());
    }

    /** {@link #policy()} with the settings of {@code config} on top. */
    static AlertPolicyOptions policy(Configuration config) {
        Configuration merged = new Configuration();
        merged.set(AlertPolicyOptions.TRIGGER_THRESHOLD, 0.7);
        merged.set(AlertPolicyOptions.RESOLVE_THRESHOLD, 0.4);
        merged.set(AlertPolicyOptions.UNAPPROVED_CHANGE_TRIGGER_THRESHOLD, 0.5);
        merged.set(AlertPolicyOptions.REFRESH_INTERVAL, Duration.ZERO);
        merged.addAll(config);
        return AlertPolicyOptions.from(merged);
    }

    static Alert trigger() {
        Alert alert = new Alert();
        alert.status = AlertStatus.TRIGGER;
        alert.deviceId = "fw-000007";
        alert.deviceClass = "firewall";
        alert.eventTime = THREE_AM;
        alert.probability = 0.91;
        alert.horizonMinutes = 120;
        alert.modelVersion = 1;
        alert.dedupKey = AlertPolicy.dedupKey("fw-000007", THREE_AM);
        alert.severity = AlertSeverity.CRITICAL;
        alert.openedAt = THREE_AM;
        alert.reasons =
                new Reason[] {
                    Reason.of(Feature.ERRORS_5M, 2.4, 1.2),
                    Reason.of(Feature.FAILED_CHANGES_1H, 0.69, 0.85)
                };
        alert.suspectChanges =
                new ChangeRef[] {
                    Snapshots.change(
                            "CHG0001234", THREE_AM - 12 * MINUTE, ChangeType.UNAUTHORISED, true)
                };
        return alert;
    }

    static Alert resolve() {
        Alert alert = new Alert();
        alert.status = AlertStatus.RESOLVE;
        alert.deviceId = "fw-000007";
        alert.deviceClass = "firewall";
        alert.eventTime = THREE_AM + 55 * MINUTE;
        alert.probability = 0.32;
        alert.horizonMinutes = 120;
        alert.modelVersion = 1;
        alert.dedupKey = AlertPolicy.dedupKey("fw-000007", THREE_AM);
        alert.severity = AlertSeverity.CRITICAL;
        alert.openedAt = THREE_AM;
        alert.resolution = "risk fell below 40%";
        return alert;
    }
}
