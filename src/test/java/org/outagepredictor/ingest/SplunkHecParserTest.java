package org.outagepredictor.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.outagepredictor.ingest.Fixtures.millis;
import static org.outagepredictor.ingest.Fixtures.parser;
import static org.outagepredictor.ingest.Fixtures.resource;
import static org.outagepredictor.ingest.Fixtures.single;
import static org.outagepredictor.ingest.Fixtures.utf8;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.outagepredictor.event.EventKind;
import org.outagepredictor.event.OpsEvent;
import org.outagepredictor.event.Severity;

/** Splunk HEC bodies, and real BGL supercomputer log lines carried through them. */
class SplunkHecParserTest {

    private final RecordParser parser = parser(InputFormat.SPLUNK_HEC);

    @Test
    void concatenatedEventsWithKeywordAndFieldSeverity() throws Exception {
        List<OpsEvent> events =
                parser(InputFormat.SPLUNK_HEC, "mapping.device.strip-domains", ".corp.example.com")
                        .parse(resource("splunk-hec.json"));

        assertThat(events).hasSize(2);
        OpsEvent text = events.get(0);
        assertThat(text.kind).isEqualTo(EventKind.LOG);
        assertThat(text.deviceId).isEqualTo("app03");
        assertThat(text.eventTime).isEqualTo(millis("2026-11-24T10:00:00.250Z"));
        assertThat(text.severity).as("the ERROR keyword").isEqualTo(Severity.ERROR);
        assertThat(text.source).isEqualTo("splunk-hec");
        assertThat(text.summary)
                .isEqualTo(
                        "2026-11-24 10:00:00,250 ERROR [pool-3] Connection to db01 refused after 3 retries");

        OpsEvent object = events.get(1);
        assertThat(object.deviceId).isEqualTo("app03");
        assertThat(object.eventTime)
                .as("time as a numeric string")
                .isEqualTo(millis("2026-11-24T10:00:01.500Z"));
        assertThat(object.severity).as("fields.severity").isEqualTo(Severity.WARNING);
        assertThat(object.summary).isEqualTo("payment latency high");
    }

    @Test
    void noKeywordMeansInfoAndTheDeviceMayComeFromAField() throws Exception {
        String body =
                "{\"time\": 1795514400, \"host\": \"collector-1\", \"event\": \"user login ok\", \"fields\": {\"ci\": \"CRM-APP-02\"}}";
        OpsEvent event =
                single(
                        parser(
                                InputFormat.SPLUNK_HEC,
                                "mapping.splunk-hec.device-field",
                                "fields.ci"),
                        utf8(body));
        assertThat(event.deviceId).isEqualTo("crm-app-02");
        assertThat(event.severity).isEqualTo(Severity.INFO);
    }

    @Test
    void errorsNameTheEventAndField() {
        assertThatThrownBy(() -> parser.parse(utf8("{\"host\": \"a\", \"event\": \"x\"}")))
                .hasMessage("event 1: missing field 'time'");
        assertThatThrownBy(
                        () ->
                                parser.parse(
                                        utf8(
                                                "{\"time\": 1, \"host\": \"a\", \"event\": \"x\"} {\"time\": 1, \"event\": \"x\"}")))
                .hasMessage("event 2: missing device: field 'host' is empty");
        assertThatThrownBy(
                        () ->
                                parser.parse(
                                        utf8(
                                                "{\"time\": 1, \"host\": \"a\", \"event\": \"x\", \"fields\": {\"severity\": \"purple\"}}")))
                .hasMessageContaining("'fields.severity' value 'purple'");
        assertThatThrownBy(
                        () ->
                                parser.parse(
                                        utf8(
                                                "{\"time\": \"noon\", \"host\": \"a\", \"event\": \"x\"}")))
                .hasMessageContaining("'time' must be epoch seconds");
        assertThatThrownBy(
                        () -> parser.parse(utf8("{\"time\": 1, \"host\": \"a\", \"event\": [1]}")))
                .hasMessageContaining("'event' must be a string or an object");
        assertThatThrownBy(
                        () -> parser.parse(utf8("{\"time\": 1, \"host\": \"a\", \"event\": \"x\"")))
                .hasMessageStartingWith("invalid Splunk HEC record");
        assertThatThrownBy(() -> parser.parse(utf8("  "))).hasMessage("empty Splunk HEC record");
    }

    /**
     * loghub's BGL sample (research use only: read in place, never committed), each line sent as a
     * HEC event with its node as the host and its epoch seconds as the time: the severity comes
     * from the line's level word by the default keyword scan. The lines' alert labels are not used.
     */
    @Test
    void realBglLinesTravelThroughSplunkHec() throws Exception {
        Map<String, Severity> expected =
                Map.of(
                        "INFO", Severity.INFO,
                        "WARNING", Severity.WARNING,
                        "ERROR", Severity.ERROR,
                        "SEVERE", Severity.ERROR,
                        "FATAL", Severity.CRITICAL);
        RecordIngester ingester =
                new RecordIngester(IngestOptions.defaults(), FieldMapping.defaults());
        List<String> lines = Fixtures.datasetLines("loghub/BGL/BGL_2k.log");
        int critical = 0;
        for (String line : lines) {
            String[] fields = line.split(" ", 7);
            long seconds = Long.parseLong(fields[1]);
            RawRecord record =
                    RawRecord.of(
                            "splunk-hec",
                            utf8(
                                    Json.MAPPER.writeValueAsString(
                                            Map.of(
                                                    "time",
                                                    seconds,
                                                    "host",
                                                    fields[3],
                                                    "sourcetype",
                                                    "bgl",
                                                    "event",
                                                    fields[6]))));
            record.timestamp = seconds * 1000;

            IngestResult result = ingester.ingest(record, 0);

            assertThat(result.isDeadLetter()).as(line).isFalse();
            OpsEvent event = result.events().get(0);
            assertThat(event.deviceId).isEqualTo(fields[3].toLowerCase(java.util.Locale.ROOT));
            assertThat(event.eventTime).isEqualTo(seconds * 1000);
            assertThat(event.severity).as(line).isEqualTo(expected.get(fields[6].split(" ")[2]));
            critical += event.severity == Severity.CRITICAL ? 1 : 0;
        }
        assertThat(lines).hasSize(2000);
        assertThat(critical).isEqualTo(347);
    }
}
