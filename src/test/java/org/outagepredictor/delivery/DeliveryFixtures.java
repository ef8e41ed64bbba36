package org.outagepredictor.delivery;

import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.outagepredictor.alerting.Alert;
import org.outagepredictor.alerting.AlertPolicy;
import org.outagepredictor.alerting.AlertPolicyOptions;
import org.outagepredictor.alerting.AlertStatus;
import org.outagepredictor.alerting.Reason;
import org.outagepredictor.event.ChangeRef;
import org.outagepredictor.event.ChangeType;
import org.outagepredictor.features.Feature;

/** A sample alert, its resolve, and configurations for delivery tests. */
final class DeliveryFixtures {

    /** 2026-01-01T03:05:00Z. */
    static final long THREE_AM = Instant.parse("2026-01-01T03:05:00Z").toEpochMilli();

    static final long MINUTE = TimeUnit.MINUTES.toMillis(1);

    /** A secret that must never show up in a log line, a toString or an error. */
    static final String CANARY = "canary-7f3a9c51e2";

    private DeliveryFixtures() {}

    static Alert trigger() {
        return trigger("fw-000007", "firewall", 0.91);
    }

    static Alert trigger(String deviceId, String deviceClass, double probability) {
        Alert alert = new Alert();
        alert.status = AlertStatus.TRIGGER;
        alert.deviceId = deviceId;
        alert.deviceClass = deviceClass;
        alert.eventTime = THREE_AM;
        alert.probability = probability;
        alert.horizonMinutes = 120;
        alert.modelVersion = 1;
        alert.dedupKey = AlertPolicy.dedupKey(deviceId, THREE_AM);
        alert.openedAt = THREE_AM;
        alert.severity =
                new AlertPolicy(AlertPolicyOptions.defaults()).severity(probability, deviceClass);
        alert.reasons =
                new Reason[] {
                    Reason.of(Feature.ERRORS_5M, 2.4, 1.2),
                    Reason.of(Feature.FAILED_CHANGES_1H, 0.69, 0.85)
                };
        ChangeRef change = new ChangeRef();
        change.id = "CHG0001234";
        change.source = "servicenow";
        change.time = THREE_AM - 12 * MINUTE;
        change.summary = "Change CHG0001234";
        change.changeType = ChangeType.UNAUTHORISED;
        change.failed = true;
        alert.suspectChanges = new ChangeRef[] {change};
        return alert;
    }

    static Alert resolve(Alert trigger) {
        Alert alert = new Alert();
        alert.status = AlertStatus.RESOLVE;
        alert.deviceId = trigger.deviceId;
        alert.deviceClass = trigger.deviceClass;
        alert.eventTime = trigger.eventTime + 55 * MINUTE;
        alert.probability = 0.18;
        alert.horizonMinutes = trigger.horizonMinutes;
        alert.modelVersion = trigger.modelVersion;
        alert.dedupKey = trigger.dedupKey;
        alert.severity = trigger.severity;
        alert.openedAt = trigger.openedAt;
        alert.resolution = "risk fell below 25%";
        return alert;
    }

    /** The refresh, ten minutes on, of the alert that {@code trigger} opened. */
    static Alert refresh(Alert trigger) {
        Alert alert = trigger(trigger.deviceId, trigger.deviceClass, 0.5);
        alert.status = AlertStatus.REFRESH;
        alert.eventTime = trigger.eventTime + 10 * MINUTE;
        alert.dedupKey = trigger.dedupKey;
        alert.severity = trigger.severity;
        alert.openedAt = trigger.openedAt;
        return alert;
    }

    /**
     * A configuration with fast retries for tests: 300 ms request timeout, backoff 50 ms to 200 ms,
     * up to 4 attempts, circuit after 100 failures (out of the way unless a test sets it).
     */
    static Map<String, String> fastRetries() {
        Map<String, String> config = new HashMap<>();
        config.put("delivery.request-timeout", "300 ms");
        config.put("delivery.max-attempts", "4");
        config.put("delivery.backoff-base", "50 ms");
        config.put("delivery.backoff-cap", "200 ms");
        config.put("delivery.circuit.failures", "100");
        return config;
    }

    static DeliveryOptions options(Map<String, String> config, Map<String, String> environment) {
        return DeliveryOptions.from(Configuration.fromMap(config), environment::get);
    }

    static Clock clock() {
        return Clock.systemUTC();
    }
}
