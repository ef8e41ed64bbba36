package org.outagepredictor.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.outagepredictor.ingest.Fixtures.millis;
import static org.outagepredictor.ingest.Fixtures.parser;
import static org.outagepredictor.ingest.Fixtures.single;
import static org.outagepredictor.ingest.Fixtures.utf8;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.outagepredictor.event.ChangeType;
import org.outagepredictor.event.EventKind;
import org.outagepredictor.event.OpsEvent;
import org.outagepredictor.event.Severity;

/**
 * PAN-OS syslog CSV. CONFIG and SYSTEM entries are Elastic's samples, read in place (Elastic
 * License: never copied here); TRAFFIC and THREAT are our own, written from PAN-OS's field
 * descriptions.
 */
class PanOsSyslogParserTest {

    private final RecordParser parser = parser(InputFormat.PANOS);

    @Test
    void realConfigEntriesAreUntrackedChanges() throws Exception {
        List<OpsEvent> events =
                parseAll(
                        Fixtures.datasetLines(
                                "panos-syslog-samples/test-panw-panos-config-sample.log"));

        assertThat(events)
                .hasSize(6)
                .allSatisfy(
                        e -> {
                            assertThat(e.kind).isEqualTo(EventKind.CHANGE);
                            assertThat(e.deviceId).isEqualTo("pa-vm");
                            assertThat(e.changeType).isEqualTo(ChangeType.UNAUTHORISED);
                        });
        OpsEvent first = events.get(0);
        assertThat(first.eventTime).isEqualTo(millis("2021-10-25T20:25:39Z"));
        assertThat(first.reference).isEqualTo("1234567890");
        assertThat(first.summary)
                .isEqualTo(
                        "PAN-OS config set by admin via Web (Succeeded): config shared log-settings iptag match-list  ip-tag");
        assertThat(events)
                .filteredOn(e -> e.failed)
                .extracting(e -> e.summary)
                .containsExactly(
                        "PAN-OS config override by admin via Web (Failed): deviceconfig system device-telemetry");
    }

    @Test
    void realSystemEntriesAreInfoLogs() throws Exception {
        List<OpsEvent> events =
                parseAll(
                        Fixtures.datasetLines(
                                "panos-syslog-samples/test-panw-panos-system-sample.log"));

        assertThat(events).hasSize(2);
        assertThat(events.get(0).kind).isEqualTo(EventKind.LOG);
        assertThat(events.get(0).severity).isEqualTo(Severity.INFO);
        assertThat(events.get(0).summary)
                .isEqualTo(
                        "PAN-OS system general (informational): Connection to Update server closed: updates.paloaltonetworks.com, source: 81.2.69.193");
    }

    @Test
    void systemSeverityHighIsAnAlert() throws Exception {
        String line =
                "1,2026/11/24 10:00:00,013201001234,SYSTEM,general,0,2026/11/24 10:00:00,,ha-link-down,,0,0,ha,high,\"HA1 link down\",77,0x0,0,0,0,0,,FW-EDGE-1,0,0,2026-11-24T10:00:00.000+00:00";
        OpsEvent event = single(parser, utf8(line));
        assertThat(event.kind).isEqualTo(EventKind.ALERT);
        assertThat(event.severity).isEqualTo(Severity.ERROR);
        assertThat(event.reference).isEqualTo("77");
    }

    @Test
    void trafficAndThreatFromTheDocumentedFieldOrder() throws Exception {
        List<OpsEvent> events = parseAll(lines(Fixtures.resource("panos-traffic-threat.log")));

        OpsEvent allow = events.get(0);
        assertThat(allow.kind).isEqualTo(EventKind.LOG);
        assertThat(allow.severity).isEqualTo(Severity.INFO);
        assertThat(allow.deviceId).isEqualTo("fw-edge-1");
        assertThat(allow.eventTime).isEqualTo(millis("2026-11-24T10:20:30Z"));
        assertThat(allow.reference).isEqualTo("7305512299");
        assertThat(allow.summary)
                .isEqualTo("PAN-OS traffic end allow 10.1.20.15:41022 -> 203.0.113.80:443 tcp ssl");

        OpsEvent deny = events.get(1);
        assertThat(deny.severity)
                .as("deny, after a syslog header, with newer trailing columns")
                .isEqualTo(Severity.WARNING);
        assertThat(deny.summary).contains("deny").contains(":23 tcp");

        OpsEvent threat = events.get(2);
        assertThat(threat.kind).isEqualTo(EventKind.ALERT);
        assertThat(threat.severity).isEqualTo(Severity.CRITICAL);
        assertThat(threat.reference)
                .as("the quoted URL's comma does not shift the fields")
                .isEqualTo("7305512411");
        assertThat(threat.summary)
                .isEqualTo(
                        "PAN-OS threat vulnerability Apache Struts2 Remote Code Execution Vulnerability(33948) (critical) 198.51.100.23 -> 10.1.20.15, reset-both");
    }

    @Test
    void deviceBySerialAndFirewallTimeZone() throws Exception {
        RecordParser bySerial =
                parser(
                        InputFormat.PANOS,
                        "mapping.panos.device-field",
                        "serial",
                        "mapping.panos.time-zone",
                        "America/New_York");
        OpsEvent event =
                single(bySerial, utf8(lines(Fixtures.resource("panos-traffic-threat.log")).get(0)));
        assertThat(event.deviceId).isEqualTo("013201001234");
        assertThat(event.eventTime).isEqualTo(millis("2026-11-24T15:20:30Z"));

        List<String> config =
                Fixtures.datasetLines("panos-syslog-samples/test-panw-panos-config-sample.log");
        assertThatThrownBy(() -> bySerial.parse(utf8(config.get(0))))
                .as("the sample's first entry has no serial")
                .hasMessage("missing device: field 'serial (column 3)' is empty");
    }

    @Test
    void rfc5424HeaderIsSkipped() throws Exception {
        String line =
                "<14>1 2026-11-24T10:00:00Z fw01 - - - - "
                        + lines(Fixtures.resource("panos-traffic-threat.log")).get(0);
        assertThat(single(parser, utf8(line)).deviceId).isEqualTo("fw-edge-1");
    }

    @Test
    void invalidCsvAndUnknownTypes() {
        assertThatThrownBy(
                        () ->
                                parser.parse(
                                        utf8(
                                                "1,2026/11/24 10:00:00,0123,CONFIG,0,0,2026/11/24 10:00:00,host,,set,admin,Web,Succeeded,\"path with no end")))
                .hasMessageContaining("invalid CSV: field 14 opens a quote that never closes");
        assertThatThrownBy(
                        () ->
                                parser.parse(
                                        utf8(
                                                "1,2026/11/24 10:00:00,0123,CONFIG,0,0,2026/11/24 10:00:00,host")))
                .hasMessage("invalid PAN-OS CONFIG entry: 8 fields, expected at least 22");
        assertThatThrownBy(() -> parser.parse(utf8("1,2026/11/24 10:00:00,0123,HIPMATCH,0,0")))
                .hasMessageContaining("only TRAFFIC, THREAT, CONFIG and SYSTEM");
        assertThatThrownBy(() -> parser.parse(utf8("<14>Nov 24 10:00:00 fw01 hello world")))
                .hasMessageContaining("no PAN-OS CSV");
        assertThatThrownBy(
                        () ->
                                parser.parse(
                                        utf8(
                                                "1,24.11.2026,0123,CONFIG,0,0,24.11.2026 10:00,h,,set,admin,Web,Succeeded,p,1,0x0,0,0,0,0,,fw")))
                .hasMessageContaining("'generated_time'");
    }

    private List<OpsEvent> parseAll(List<String> lines) throws MalformedRecordException {
        List<OpsEvent> events = new ArrayList<>();
        for (String line : lines) {
            events.addAll(parser.parse(utf8(line)));
        }
        return events;
    }

    private static List<String> lines(byte[] file) {
        return new String(file, StandardCharsets.UTF_8).lines().toList();
    }
}
