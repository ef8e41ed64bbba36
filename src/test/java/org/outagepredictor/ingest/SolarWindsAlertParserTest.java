package org.outagepredictor.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.outagepredictor.ingest.Fixtures.millis;
import static org.outagepredictor.ingest.Fixtures.parser;
import static org.outagepredictor.ingest.Fixtures.resource;
import static org.outagepredictor.ingest.Fixtures.single;
import static org.outagepredictor.ingest.Fixtures.utf8;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.outagepredictor.event.EventKind;
import org.outagepredictor.event.OpsEvent;
import org.outagepredictor.event.Severity;

/** SolarWinds Orion alerts as the template of docs/inputs.md renders them. */
class SolarWindsAlertParserTest {

    private final RecordParser parser = parser(InputFormat.SOLARWINDS);

    @Test
    void triggerIsAnAlertWithOrionsSeverity() throws Exception {
        OpsEvent event = single(parser, resource("solarwinds-trigger.json"));

        assertThat(event.kind).isEqualTo(EventKind.ALERT);
        assertThat(event.deviceId).isEqualTo("core-sw-01");
        assertThat(event.eventTime).isEqualTo(millis("2026-11-24T10:02:17Z"));
        assertThat(event.severity).isEqualTo(Severity.CRITICAL);
        assertThat(event.reference).isEqualTo("4711");
        assertThat(event.source).isEqualTo("solarwinds");
        assertThat(event.summary).isEqualTo("Node is down (Critical): Node CORE-SW-01 is Down.");
    }

    @Test
    void resetIsAnInfoAlertWithTheSameReference() throws Exception {
        String reset =
                new String(resource("solarwinds-trigger.json"), StandardCharsets.UTF_8)
                        .replace("\"trigger\"", "\"reset\"")
                        .replace("10:02:17 AM", "10:31:02 AM");
        OpsEvent event = single(parser, utf8(reset));

        assertThat(event.severity).isEqualTo(Severity.INFO);
        assertThat(event.reference).isEqualTo("4711");
        assertThat(event.eventTime).isEqualTo(millis("2026-11-24T10:31:02Z"));
        assertThat(event.summary).startsWith("reset: Node is down");
    }

    @Test
    void otherRegionalSettingsByOption() throws Exception {
        String alert =
                "{\"action\": \"trigger\", \"alert\": \"High CPU\", \"severity\": \"Serious\", \"caption\": \"db01\", \"time\": \"24.11.2026 11:02:17\"}";
        OpsEvent event =
                single(
                        parser(
                                InputFormat.SOLARWINDS,
                                "mapping.solarwinds.time-format",
                                "dd.MM.yyyy HH:mm:ss",
                                "mapping.solarwinds.time-zone",
                                "Europe/Berlin"),
                        utf8(alert));
        assertThat(event.eventTime).isEqualTo(millis("2026-11-24T10:02:17Z"));
        assertThat(event.severity).isEqualTo(Severity.ERROR);
        assertThat(event.reference).as("no alertId: the alert name").isEqualTo("High CPU");
    }

    @Test
    void errorsNameTheField() {
        assertThatThrownBy(() -> parser.parse(utf8("{\"action\": \"fire\"}")))
                .hasMessageContaining("'action' must be trigger or reset");
        assertThatThrownBy(
                        () ->
                                parser.parse(
                                        utf8(
                                                "{\"action\": \"trigger\", \"caption\": \"a\", \"time\": \"2026-11-24 10:00\"}")))
                .hasMessageContaining("'time'")
                .hasMessageContaining("mapping.solarwinds.time-format");
        assertThatThrownBy(
                        () ->
                                parser.parse(
                                        utf8(
                                                "{\"action\": \"trigger\", \"message\": \"Disk \"C:\" full\"}")))
                .as("an unescaped quote from an Orion variable")
                .hasMessageStartingWith("invalid SolarWinds record");
    }
}
