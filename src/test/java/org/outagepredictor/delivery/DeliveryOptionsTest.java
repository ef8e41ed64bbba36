package org.outagepredictor.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.outagepredictor.delivery.DeliveryFixtures.CANARY;
import static org.outagepredictor.delivery.DeliveryFixtures.options;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.outagepredictor.alerting.AlertSeverity;

class DeliveryOptionsTest {

    @Test
    void targetsTakeTheirTypesDefaultsAndTheirSecretsFromTheEnvironment() {
        DeliveryOptions options =
                options(
                        Map.of(
                                "delivery.targets", "oncall:pagerduty;chat:slack",
                                "delivery.target.oncall.secret-env", "PD_KEY",
                                "delivery.target.oncall.min-severity", "critical",
                                "delivery.target.chat.secret-env", "SLACK_URL",
                                "delivery.target.chat.device-classes", "Firewall;router"),
                        Map.of(
                                "PD_KEY",
                                CANARY,
                                "SLACK_URL",
                                "https://hooks.slack.com/services/T0/B0/" + CANARY));

        assertThat(options.targets).hasSize(2);
        DeliveryTarget pagerDuty = options.targets.get(0);
        assertThat(pagerDuty.name()).isEqualTo("oncall");
        assertThat(pagerDuty.type()).isEqualTo(TargetType.PAGERDUTY);
        assertThat(pagerDuty.endpoint()).hasToString("https://events.pagerduty.com/v2/enqueue");
        assertThat(pagerDuty.secret().reveal()).isEqualTo(CANARY);
        assertThat(pagerDuty.ratePerMinute()).isEqualTo(120);
        assertThat(pagerDuty.minSeverity()).isEqualTo(AlertSeverity.CRITICAL);
        assertThat(pagerDuty.takes("firewall", AlertSeverity.ERROR)).isFalse();
        assertThat(pagerDuty.takes(null, AlertSeverity.CRITICAL)).isTrue();

        DeliveryTarget slack = options.targets.get(1);
        assertThat(slack.endpoint().getPath()).endsWith(CANARY);
        assertThat(slack.ratePerMinute()).isEqualTo(60);
        assertThat(slack.deviceClasses()).containsExactlyInAnyOrder("firewall", "router");
        assertThat(slack.takes("FIREWALL", AlertSeverity.WARNING)).isTrue();
        assertThat(slack.takes("server", AlertSeverity.CRITICAL)).isFalse();
        assertThat(slack.takes(null, AlertSeverity.CRITICAL)).isFalse();

        assertThat(options.toString()).doesNotContain(CANARY).contains("oncall:pagerduty");
        assertThat(pagerDuty.secret()).hasToString("****");
    }

    @Test
    void aSecretCanComeFromTheFileItsFileVariableNames(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("hmac");
        Files.writeString(file, CANARY + "\n");
        DeliveryOptions options =
                options(
                        Map.of(
                                "delivery.targets", "hook:webhook",
                                "delivery.target.hook.url", "https://example.org/alerts",
                                "delivery.target.hook.secret-env", "HOOK_KEY"),
                        Map.of("HOOK_KEY_FILE", file.toString()));

        assertThat(options.targets.get(0).secret().reveal()).isEqualTo(CANARY);
    }

    @Test
    void aMissingSecretNamesTheVariablesAndTheTarget() {
        assertThatThrownBy(
                        () ->
                                options(
                                        Map.of(
                                                "delivery.targets", "ops:opsgenie",
                                                "delivery.target.ops.secret-env", "OG_KEY"),
                                        Map.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ops")
                .hasMessageContaining("OG_KEY")
                .hasMessageContaining("OG_KEY_FILE");
        assertThatThrownBy(() -> options(Map.of("delivery.targets", "ops:opsgenie"), Map.of()))
                .hasMessageContaining("delivery.target.ops.secret-env");
    }

    @Test
    void badTargetsAreRefusedWithoutEchoingTheSecret() {
        assertThatThrownBy(() -> options(Map.of("delivery.targets", "x:carrier-pigeon"), Map.of()))
                .hasMessageContaining("carrier-pigeon")
                .hasMessageContaining("pagerduty");
        assertThatThrownBy(
                        () ->
                                options(
                                        Map.of(
                                                "delivery.targets", "a:alertmanager;a:alertmanager",
                                                "delivery.target.a.url", "http://am:9093"),
                                        Map.of()))
                .hasMessageContaining("twice");
        assertThatThrownBy(() -> options(Map.of("delivery.targets", "am:alertmanager"), Map.of()))
                .hasMessageContaining("delivery.target.am.url");
        assertThatThrownBy(
                        () ->
                                options(
                                        Map.of(
                                                "delivery.targets", "chat:teams",
                                                "delivery.target.chat.url", "https://x.example",
                                                "delivery.target.chat.secret-env", "TEAMS_URL"),
                                        Map.of("TEAMS_URL", "https://x.example/" + CANARY)))
                .hasMessageContaining("the webhook URL is the secret");
        assertThatThrownBy(
                        () ->
                                options(
                                        Map.of(
                                                "delivery.targets", "chat:slack",
                                                "delivery.target.chat.secret-env", "SLACK_URL"),
                                        Map.of("SLACK_URL", "not a url " + CANARY)))
                .isInstanceOf(IllegalArgumentException.class)
                .message()
                .doesNotContain(CANARY);
    }
}
