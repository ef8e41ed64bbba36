package org.outagepredictor.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.outagepredictor.ingest.Fixtures.millis;
import static org.outagepredictor.ingest.Fixtures.parser;
import static org.outagepredictor.ingest.Fixtures.resource;
import static org.outagepredictor.ingest.Fixtures.single;
import static org.outagepredictor.ingest.Fixtures.utf8;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.outagepredictor.event.EventKind;
import org.outagepredictor.event.OpsEvent;
import org.outagepredictor.event.Severity;

/** Alertmanager webhook version 4: one ALERT per alert, resolved ones at INFO. */
class AlertmanagerWebhookParserTest {

    @Test
    void firingAndResolvedAlerts() throws Exception {
        List<OpsEvent> events =
                parser(
                                InputFormat.ALERTMANAGER,
                                "mapping.device.strip-domains",
                                ".corp.example.com")
                        .parse(resource("alertmanager-webhook.json"));

        assertThat(events).hasSize(2);
        OpsEvent firing = events.get(0);
        assertThat(firing.kind).isEqualTo(EventKind.ALERT);
        assertThat(firing.deviceId).as("port and domain dropped").isEqualTo("db01");
        assertThat(firing.eventTime).isEqualTo(millis("2026-11-24T09:58:31.120Z"));
        assertThat(firing.severity).isEqualTo(Severity.CRITICAL);
        assertThat(firing.reference).isEqualTo("1c1a2c3f5e6b7d8a");
        assertThat(firing.summary)
                .isEqualTo("NodeFilesystemAlmostFull: Filesystem /var has less than 5% space left");

        OpsEvent resolved = events.get(1);
        assertThat(resolved.deviceId).isEqualTo("web01");
        assertThat(resolved.eventTime)
                .as("endsAt, with its offset")
                .isEqualTo(millis("2026-11-24T08:55:00.500Z"));
        assertThat(resolved.severity).isEqualTo(Severity.INFO);
        assertThat(resolved.summary)
                .isEqualTo("resolved: NodeHighLoad: Load average above 8 for 10 minutes");
    }

    @Test
    void deviceLabelIsConfigurableAndSeverityDefaultsToWarning() throws Exception {
        String webhook =
                "{\"version\": \"4\", \"status\": \"firing\", \"alerts\": [{\"status\": \"firing\","
                        + " \"labels\": {\"alertname\": \"KubePodCrashLooping\", \"node\": \"k8s-worker-7\"},"
                        + " \"startsAt\": \"2026-11-24T10:00:00Z\", \"fingerprint\": \"ab\"}]}";
        OpsEvent event =
                single(
                        parser(
                                InputFormat.ALERTMANAGER,
                                "mapping.alertmanager.device-label",
                                "node"),
                        utf8(webhook));
        assertThat(event.deviceId).isEqualTo("k8s-worker-7");
        assertThat(event.severity).isEqualTo(Severity.WARNING);
    }

    @Test
    void errorsNameTheAlertAndField() {
        RecordParser parser = parser(InputFormat.ALERTMANAGER);
        assertThatThrownBy(() -> parser.parse(utf8("{\"version\": \"3\", \"alerts\": []}")))
                .hasMessageContaining("only 4 is read");
        assertThatThrownBy(
                        () ->
                                parser.parse(
                                        utf8(
                                                "{\"version\": \"4\", \"alerts\": [{\"status\": \"firing\", \"labels\": {\"alertname\": \"X\"}}]}")))
                .hasMessage("alerts[0]: missing device: field 'labels.instance' is empty");
        assertThatThrownBy(() -> parser.parse(utf8("{\"version\": \"4\", \"alerts\": {}}")))
                .hasMessage("field 'alerts' must be a list, found an object");
        assertThatThrownBy(
                        () ->
                                parser.parse(
                                        utf8(
                                                "{\"version\": 4, \"alerts\": [{\"status\": \"firing\", \"labels\": {\"instance\": \"a\", \"alertname\": \"X\", \"severity\": \"apocalyptic\"}, \"startsAt\": \"2026-11-24T10:00:00Z\"}]}")))
                .hasMessageContaining("'labels.severity' value 'apocalyptic'");
    }
}
