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
import org.outagepredictor.event.ChangeType;
import org.outagepredictor.event.EventKind;
import org.outagepredictor.event.Feedback;
import org.outagepredictor.event.OpsEvent;
import org.outagepredictor.event.Severity;

/** The project's own JSON schema: every kind, a batch, and its errors. */
class GenericJsonParserTest {

    private final RecordParser parser = parser(InputFormat.GENERIC_JSON);

    @Test
    void batchOfMetricFeedbackAndChange() throws Exception {
        List<OpsEvent> events = parser.parse(resource("generic-json.json"));

        assertThat(events).hasSize(3);
        OpsEvent metric = events.get(0);
        assertThat(metric.kind).isEqualTo(EventKind.METRIC);
        assertThat(metric.deviceId).isEqualTo("lb-02");
        assertThat(metric.eventTime).isEqualTo(millis("2026-11-24T10:05:00Z"));
        assertThat(metric.metricName).isEqualTo("active_connections");
        assertThat(metric.value).isEqualTo(18211.0);
        assertThat(metric.source).isEqualTo("haproxy-exporter");

        OpsEvent feedback = events.get(1);
        assertThat(feedback.kind).isEqualTo(EventKind.FEEDBACK);
        assertThat(feedback.eventTime)
                .as("epoch milliseconds")
                .isEqualTo(millis("2026-11-24T10:05:00Z"));
        assertThat(feedback.feedback).isEqualTo(Feedback.ACKNOWLEDGED_MITIGATED);
        assertThat(feedback.reference).isEqualTo("outage-predictor:lb-02:1795512000000");

        OpsEvent change = events.get(2);
        assertThat(change.changeType).isEqualTo(ChangeType.EMERGENCY);
        assertThat(change.eventTime).isEqualTo(millis("2026-11-24T09:07:00Z"));
        assertThat(change.reference).isEqualTo("JIRA-4411");
        assertThat(change.source).isEqualTo("generic-json");
    }

    @Test
    void alertLogIncidentAndDismissal() throws Exception {
        OpsEvent alert =
                single(
                        parser,
                        utf8(
                                "{\"device\": \"a\", \"time\": 1, \"kind\": \"alert\", \"severity\": \"major\"}"));
        assertThat(alert.severity).isEqualTo(Severity.ERROR);
        OpsEvent log =
                single(
                        parser,
                        utf8(
                                "{\"device\": \"a\", \"time\": 1, \"kind\": \"LOG\", \"severity\": \"info\", \"device_class\": \"server\"}"));
        assertThat(log.kind).isEqualTo(EventKind.LOG);
        assertThat(log.deviceClass).isEqualTo("server");
        OpsEvent incident =
                single(
                        parser,
                        utf8(
                                "{\"device\": \"a\", \"time\": 1, \"kind\": \"incident\", \"priority\": 2}"));
        assertThat(incident.priority).isEqualTo(2);
        assertThat(
                        single(
                                        parser,
                                        utf8(
                                                "{\"device\": \"a\", \"time\": 1, \"kind\": \"incident\", \"priority\": \"low\"}"))
                                .priority)
                .as("a priority name")
                .isEqualTo(4);
        OpsEvent dismissed =
                single(
                        parser,
                        utf8(
                                "{\"device\": \"a\", \"time\": 1, \"kind\": \"feedback\", \"reference\": \"k\", \"feedback\": \"dismissed\"}"));
        assertThat(dismissed.feedback).isEqualTo(Feedback.DISMISSED);
        OpsEvent configRun =
                single(
                        parser,
                        utf8(
                                "{\"device\": \"a\", \"time\": 1, \"kind\": \"change\", \"change_type\": \"config-run\", \"failed\": true}"));
        assertThat(configRun.changeType).isEqualTo(ChangeType.CONFIG_RUN);
        assertThat(configRun.failed).isTrue();
    }

    @Test
    void aChangeMayNameTheEndOfItsApprovedWindow() throws Exception {
        List<OpsEvent> events =
                parser.parse(
                        utf8(
                                "[{\"device\": \"a\", \"time\": \"2026-11-24T08:00:00Z\","
                                        + " \"kind\": \"change\", \"change_type\": \"planned\","
                                        + " \"window_end\": \"2026-11-24T10:00:00Z\"},"
                                        + " {\"device\": \"a\", \"time\": 1, \"kind\": \"change\","
                                        + " \"change_type\": \"planned\", \"window_end\": 7200001}]"));

        assertThat(events)
                .extracting(e -> e.windowEnd)
                .containsExactly(millis("2026-11-24T10:00:00Z"), 7_200_001L);
        assertThatThrownBy(
                        () ->
                                parser.parse(
                                        utf8(
                                                "{\"device\": \"a\", \"time\": 1, \"kind\":"
                                                        + " \"change\", \"change_type\": \"planned\","
                                                        + " \"window_end\": true}")))
                .hasMessageContaining("field 'window_end' must be epoch milliseconds");
    }

    @Test
    void errorsNameTheField() {
        assertThatThrownBy(
                        () ->
                                parser.parse(
                                        utf8(
                                                "{\"device\": \"a\", \"time\": 1, \"kind\": \"gossip\"}")))
                .hasMessageContaining("unknown kind 'gossip'");
        assertThatThrownBy(
                        () ->
                                parser.parse(
                                        utf8(
                                                "{\"device\": \"a\", \"time\": 1, \"kind\": \"metric\", \"metric\": \"cpu\", \"value\": \"high\"}")))
                .hasMessage("field 'value' must be a finite number, found a string");
        assertThatThrownBy(
                        () ->
                                parser.parse(
                                        utf8(
                                                "{\"device\": \"a\", \"time\": true, \"kind\": \"log\", \"severity\": \"info\"}")))
                .hasMessageContaining("field 'time' must be epoch milliseconds or ISO-8601");
        assertThatThrownBy(
                        () ->
                                parser.parse(
                                        utf8(
                                                "{\"device\": {\"name\": \"a\"}, \"time\": 1, \"kind\": \"log\"}")))
                .hasMessage("field 'device' must be a string or number, found an object");
        assertThatThrownBy(
                        () ->
                                parser.parse(
                                        utf8(
                                                "[{\"time\": 1, \"kind\": \"log\", \"severity\": \"info\"}]")))
                .hasMessage("[0]: missing device: field 'device' is empty");
        assertThatThrownBy(
                        () ->
                                parser.parse(
                                        utf8(
                                                "{\"device\": \"a\", \"time\": 1, \"kind\": \"feedback\", \"reference\": \"k\", \"feedback\": \"meh\"}")))
                .hasMessageContaining("'feedback' must be acknowledged-mitigated or dismissed");
        assertThatThrownBy(() -> parser.parse(utf8("\"just a string\"")))
                .hasMessageContaining("must be an object or an array");
    }
}
