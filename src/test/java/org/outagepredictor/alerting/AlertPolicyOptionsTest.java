package org.outagepredictor.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
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
    }

    @Test
    void readsEveryKeyAsAConfigurationFileSpellsIt() {
        AlertPolicyOptions options =
                AlertPolicyOptions.from(
                        Configuration.fromMap(
                                Map.of(
                                        "alerts.trigger-threshold", "0.8",
                                        "alerts.resolve-threshold", "0.5",
                                        "alerts.cooldown", "10 min",
                                        "alerts.stale-after", "2 h",
                                        "alerts.max-reasons", "5",
                                        "alerts.suspect-change-window", "12 h",
                                        "model.horizon", "90 min")));

        assertThat(options.triggerThreshold).isEqualTo(0.8);
        assertThat(options.resolveThreshold).isEqualTo(0.5);
        assertThat(options.cooldown).isEqualTo(Duration.ofMinutes(10));
        assertThat(options.staleAfter).isEqualTo(Duration.ofHours(2));
        assertThat(options.maxReasons).isEqualTo(5);
        assertThat(options.suspectChangeWindow).isEqualTo(Duration.ofHours(12));
        assertThat(options.horizonMinutes()).isEqualTo(90);
    }

    @Test
    void listsEveryOptionOnce() {
        assertThat(AlertPolicyOptions.options())
                .extracting(ConfigOption::key)
                .containsExactly(
                        "alerts.trigger-threshold",
                        "alerts.resolve-threshold",
                        "alerts.cooldown",
                        "alerts.stale-after",
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
