package org.outagepredictor.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.util.InstantiationUtil;
import org.junit.jupiter.api.Test;
import org.outagepredictor.features.LabelOptions;

class AlertPolicyOptionsTest {

    @Test
    void defaultsAreTheDocumentedOnes() {
        AlertPolicyOptions options = AlertPolicyOptions.defaults();

        assertThat(options.triggerThreshold).isEqualTo(0.4);
        assertThat(options.resolveThreshold).isEqualTo(0.25);
        assertThat(options.cooldown).isEqualTo(Duration.ofMinutes(30));
        assertThat(options.staleAfter).isEqualTo(Duration.ofHours(6));
        assertThat(options.maxReasons).isEqualTo(3);
        assertThat(options.suspectChangeWindow).isEqualTo(Duration.ofHours(24));
        assertThat(options.horizon).isEqualTo(Duration.ofHours(2));
        assertThat(options.horizonMinutes()).isEqualTo(120);
        assertThat(options.minDuration).isZero();
        assertThat(options.refreshInterval).isEqualTo(Duration.ofMinutes(5));
        assertThat(options.unapprovedChangeTriggerThreshold).isEqualTo(0.325);
        assertThat(options.incidentQuietPeriod).isEqualTo(Duration.ofHours(2));
        assertThat(options.maintenanceWindows.holding("any", 0L)).isNull();
        assertThat(options.deviceClassMinimumSeverity).isEmpty();
        assertThat(options.dashboardUrl).isNull();
        assertThat(options.changeLinks).isEmpty();
    }

    @Test
    void readsEveryKeyAsAConfigurationFileSpellsIt() {
        Map<String, String> config = new HashMap<>();
        config.put("alerts.trigger-threshold", "0.8");
        config.put("alerts.resolve-threshold", "0.5");
        config.put("alerts.cooldown", "10 min");
        config.put("alerts.stale-after", "2 h");
        config.put("alerts.max-reasons", "5");
        config.put("alerts.suspect-change-window", "12 h");
        config.put("model.horizon", "90 min");
        config.put("alerts.min-duration", "3 min");
        config.put("alerts.refresh-interval", "1 min");
        config.put("alerts.unapproved-change-trigger-threshold", "0.6");
        config.put("alerts.unapproved-change-window", "4 h");
        config.put("alerts.incident-quiet-period", "1 h");
        config.put(
                "alerts.maintenance-windows",
                "db-*=SUN 02:00/SUN 04:00;fw-1=2026-01-01T00:00:00Z/2026-01-02T00:00:00Z");
        config.put("alerts.severity.device-class-minimum", "firewall:critical;router:error");
        config.put("alerts.dashboard-url", "http://flink/{jobId}");
        config.put("alerts.change-links", "servicenow=https://sn/{id};puppet=https://pdb/{id}");
        AlertPolicyOptions options = AlertPolicyOptions.from(Configuration.fromMap(config));

        assertThat(options.triggerThreshold).isEqualTo(0.8);
        assertThat(options.resolveThreshold).isEqualTo(0.5);
        assertThat(options.cooldown).isEqualTo(Duration.ofMinutes(10));
        assertThat(options.staleAfter).isEqualTo(Duration.ofHours(2));
        assertThat(options.maxReasons).isEqualTo(5);
        assertThat(options.suspectChangeWindow).isEqualTo(Duration.ofHours(12));
        assertThat(options.horizonMinutes()).isEqualTo(90);
        assertThat(options.minDuration).isEqualTo(Duration.ofMinutes(3));
        assertThat(options.refreshInterval).isEqualTo(Duration.ofMinutes(1));
        assertThat(options.unapprovedChangeTriggerThreshold).isEqualTo(0.6);
        assertThat(options.unapprovedChangeWindow).isEqualTo(Duration.ofHours(4));
        assertThat(options.incidentQuietPeriod).isEqualTo(Duration.ofHours(1));
        assertThat(options.maintenanceWindows.holding("fw-1", 1_767_225_600_000L + 1))
                .isEqualTo("fw-1=2026-01-01T00:00:00Z/2026-01-02T00:00:00Z");
        assertThat(options.deviceClassMinimumSeverity)
                .containsEntry("firewall", AlertSeverity.CRITICAL)
                .containsEntry("router", AlertSeverity.ERROR);
        assertThat(options.dashboardUrl).isEqualTo("http://flink/{jobId}");
        assertThat(options.changeLinks)
                .containsEntry("servicenow", "https://sn/{id}")
                .containsEntry("puppet", "https://pdb/{id}");
    }

    @Test
    void rejectsPolicyEntriesThatMeanNothingNamingTheKey() {
        assertThatThrownBy(() -> with("alerts.maintenance-windows", "db-*=tomorrow/later"))
                .hasMessageContaining("alerts.maintenance-windows entry 'db-*=tomorrow/later'");
        assertThatThrownBy(() -> with("alerts.severity.device-class-minimum", "firewall:urgent"))
                .hasMessageContaining("alerts.severity.device-class-minimum");
        assertThatThrownBy(() -> with("alerts.change-links", "servicenow=https://sn/"))
                .hasMessageContaining("alerts.change-links");
        assertThatThrownBy(() -> with("alerts.unapproved-change-trigger-threshold", "0.2"))
                .hasMessageContaining("alerts.unapproved-change-trigger-threshold");
        assertThatThrownBy(() -> with("alerts.min-duration", "-1 min"))
                .hasMessageContaining("alerts.min-duration");
    }

    private static AlertPolicyOptions with(String key, String value) {
        return AlertPolicyOptions.from(Configuration.fromMap(Map.of(key, value)));
    }

    @Test
    void listsEveryOptionOnce() {
        assertThat(AlertPolicyOptions.options())
                .extracting(ConfigOption::key)
                .containsExactly(
                        "alerts.trigger-threshold",
                        "alerts.resolve-threshold",
                        "alerts.min-duration",
                        "alerts.cooldown",
                        "alerts.stale-after",
                        "alerts.refresh-interval",
                        "alerts.unapproved-change-trigger-threshold",
                        "alerts.unapproved-change-window",
                        "alerts.incident-quiet-period",
                        "alerts.maintenance-windows",
                        "alerts.severity.critical",
                        "alerts.severity.error",
                        "alerts.severity.device-class-minimum",
                        "alerts.dashboard-url",
                        "alerts.change-links",
                        "alerts.max-reasons",
                        "alerts.suspect-change-window");
    }

    @Test
    void rejectsAResolveThresholdNotBelowTheTriggerThreshold() {
        Configuration config = new Configuration();
        config.set(AlertPolicyOptions.TRIGGER_THRESHOLD, 0.6);
        config.set(AlertPolicyOptions.RESOLVE_THRESHOLD, 0.6);

        assertThatThrownBy(() -> AlertPolicyOptions.from(config))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("alerts.resolve-threshold must be at least 0 and lower than")
                .hasMessageContaining("alerts.trigger-threshold (0.6), was 0.6");
    }

    @Test
    void rejectsATriggerThresholdOutsideZeroToOne() {
        for (double threshold : new double[] {0.0, 1.5, Double.NaN}) {
            Configuration config = new Configuration();
            config.set(AlertPolicyOptions.TRIGGER_THRESHOLD, threshold);
            config.set(AlertPolicyOptions.RESOLVE_THRESHOLD, 0.0);

            assertThatThrownBy(() -> AlertPolicyOptions.from(config))
                    .as("trigger threshold %s", threshold)
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("alerts.trigger-threshold must be in (0, 1]");
        }
    }

    @Test
    void rejectsDurationsAndCountsOutOfRange() {
        assertRejected(AlertPolicyOptions.COOLDOWN, Duration.ofMinutes(-1), "must not be negative");
        assertRejected(AlertPolicyOptions.STALE_AFTER, Duration.ZERO, "must be positive");
        assertRejected(AlertPolicyOptions.MAX_REASONS, -1, "must not be negative");
        assertRejected(
                AlertPolicyOptions.SUSPECT_CHANGE_WINDOW,
                Duration.ofHours(-1),
                "must not be negative");
        assertRejected(LabelOptions.HORIZON, Duration.ofSeconds(90), "whole number of minutes");
        assertRejected(LabelOptions.HORIZON, Duration.ZERO, "at least one");
    }

    @Test
    void acceptsAZeroCooldown() {
        Configuration config = new Configuration();
        config.set(AlertPolicyOptions.COOLDOWN, Duration.ZERO);

        assertThat(AlertPolicyOptions.from(config).cooldown).isZero();
    }

    @Test
    void isAValueThatSurvivesJavaSerialisation() throws Exception {
        Configuration config = new Configuration();
        config.set(AlertPolicyOptions.MAX_REASONS, 4);
        AlertPolicyOptions options = AlertPolicyOptions.from(config);

        AlertPolicyOptions copy =
                InstantiationUtil.deserializeObject(
                        InstantiationUtil.serializeObject(options), getClass().getClassLoader());

        assertThat(copy).isEqualTo(options).isNotEqualTo(AlertPolicyOptions.defaults());
        assertThat(copy.toString()).contains("alerts.max-reasons=4");
    }

    private static <T> void assertRejected(ConfigOption<T> option, T value, String message) {
        Configuration config = new Configuration();
        config.set(option, value);

        assertThatThrownBy(() -> AlertPolicyOptions.from(config))
                .as("%s = %s", option.key(), value)
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(option.key())
                .hasMessageContaining(message);
    }
}
