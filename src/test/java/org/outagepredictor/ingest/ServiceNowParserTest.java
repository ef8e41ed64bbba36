package org.outagepredictor.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.outagepredictor.ingest.Fixtures.millis;
import static org.outagepredictor.ingest.Fixtures.parser;
import static org.outagepredictor.ingest.Fixtures.resource;
import static org.outagepredictor.ingest.Fixtures.single;
import static org.outagepredictor.ingest.Fixtures.utf8;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.outagepredictor.event.ChangeType;
import org.outagepredictor.event.EventKind;
import org.outagepredictor.event.OpsEvent;

/**
 * ServiceNow incident and change_request records in the Table API's plain, display and link forms.
 */
class ServiceNowParserTest {

    private static final String CSV = "servicenow-incident-event-log-subset/incident_event_log.csv";

    @Test
    void plainIncidentBecomesAnIncidentWithItsPriority() throws Exception {
        OpsEvent event =
                single(
                        parser(
                                InputFormat.SERVICENOW,
                                "mapping.device.strip-domains",
                                ".corp.example.com"),
                        resource("servicenow-incident.json"));

        assertThat(event.kind).isEqualTo(EventKind.INCIDENT);
        assertThat(event.deviceId).isEqualTo("web01");
        assertThat(event.eventTime).isEqualTo(millis("2026-11-24T09:12:40Z"));
        assertThat(event.priority).isEqualTo(1);
        assertThat(event.reference).isEqualTo("INC0010023");
        assertThat(event.source).isEqualTo("servicenow");
        assertThat(event.summary).isEqualTo("P1 incident: Checkout returns HTTP 503");
    }

    @Test
    void envelopeOfChangesInDisplayAndLinkForms() throws Exception {
        List<OpsEvent> events =
                parser(InputFormat.SERVICENOW).parse(resource("servicenow-change-envelope.json"));

        assertThat(events).hasSize(2);
        OpsEvent emergency = events.get(0);
        assertThat(emergency.kind).isEqualTo(EventKind.CHANGE);
        assertThat(emergency.deviceId).as("display value of the reference").isEqualTo("web01");
        assertThat(emergency.eventTime)
                .as("planned start")
                .isEqualTo(millis("2026-11-24T08:30:00Z"));
        assertThat(emergency.changeType).isEqualTo(ChangeType.EMERGENCY);
        assertThat(emergency.failed).as("close_code Unsuccessful").isTrue();
        assertThat(emergency.reference).isEqualTo("CHG0030041");
        assertThat(emergency.summary)
                .isEqualTo("emergency change, risk High: Roll back TLS library");
        assertThat(emergency.windowEnd)
                .as("planned end: the approved window")
                .isEqualTo(millis("2026-11-24T09:30:00Z"));

        OpsEvent standard = events.get(1);
        assertThat(standard.deviceId)
                .as("a bare reference link gives the sys_id")
                .isEqualTo("b0c25d1bc0a800090168be1bfcdcd759");
        assertThat(standard.eventTime)
                .as("no start_date: opened_at")
                .isEqualTo(millis("2026-11-23T17:00:00Z"));
        assertThat(standard.changeType).isEqualTo(ChangeType.PLANNED);
        assertThat(standard.failed).isFalse();
        assertThat(standard.windowEnd).as("no planned window").isZero();
    }

    @Test
    void aliasesTurnReferenceSysIdsIntoDeviceNames() throws Exception {
        List<OpsEvent> events =
                parser(
                                InputFormat.SERVICENOW,
                                "mapping.device.aliases",
                                "b0c25d1bc0a800090168be1bfcdcd759=web01")
                        .parse(resource("servicenow-change-envelope.json"));

        assertThat(events).extracting(e -> e.deviceId).containsExactly("web01", "web01");
    }

    @Test
    void displayValueIncidentInAnotherZoneAndSingleResultObject() throws Exception {
        String record =
                "{\"result\": {\"number\": \"INC0010024\", \"cmdb_ci\": \"db01\","
                        + " \"opened_at\": \"24.11.2026 10:00\", \"priority\": \"2 - High\","
                        + " \"state\": \"In Progress\"}}";
        OpsEvent event =
                single(
                        parser(
                                InputFormat.SERVICENOW,
                                "mapping.servicenow.time-format",
                                "dd.MM.yyyy HH:mm",
                                "mapping.servicenow.time-zone",
                                "Europe/Berlin"),
                        utf8(record));

        assertThat(event.priority).isEqualTo(2);
        assertThat(event.eventTime).isEqualTo(millis("2026-11-24T09:00:00Z"));
    }

    @Test
    void incidentsOfEveryPriorityCountButCancelledRecordsGiveNoEvent() throws Exception {
        RecordParser parser = parser(InputFormat.SERVICENOW);
        assertThat(parser.parse(utf8(incident("3 - Moderate", "2"))))
                .extracting(e -> e.priority)
                .containsExactly(3);
        assertThat(parser.parse(utf8(incident("1", "8")))).as("cancelled").isEmpty();
    }

    @Test
    void errorsNameTheField() {
        RecordParser parser = parser(InputFormat.SERVICENOW);
        assertThatThrownBy(() -> parser.parse(utf8(incident("urgent", "2"))))
                .isInstanceOf(MalformedRecordException.class)
                .hasMessageContaining("'priority'")
                .hasMessageContaining("urgent");
        assertThatThrownBy(
                        () ->
                                parser.parse(
                                        utf8(
                                                "{\"number\": \"CHG1\", \"cmdb_ci\": \"a\","
                                                        + " \"opened_at\": \"2026-11-24 10:00:00\","
                                                        + " \"type\": \"comprehensive\"}")))
                .hasMessageContaining("'type' value 'comprehensive'")
                .hasMessageContaining("mapping.change.planned-types");
        assertThatThrownBy(
                        () ->
                                parser.parse(
                                        utf8(
                                                "{\"number\": \"INC1\", \"cmdb_ci\": \"a\","
                                                        + " \"opened_at\": \"24/11/2026\","
                                                        + " \"priority\": \"1\"}")))
                .hasMessageContaining("'opened_at'")
                .hasMessageContaining("yyyy-MM-dd HH:mm:ss");
        assertThatThrownBy(() -> parser.parse(utf8("{\"number\": \"INC1\", \"priority\": \"1\"}")))
                .hasMessageContaining("missing device: field 'cmdb_ci'");
        assertThatThrownBy(() -> parser.parse(utf8("{\"number\": \"PRB1\"}")))
                .hasMessageContaining("neither INC nor CHG");
        assertThatThrownBy(() -> parser.parse(utf8("{\"result\": [1]}")))
                .hasMessageContaining("result[0]: must be an object");
    }

    /**
     * Rows of the real ServiceNow export (UCI incident event log) as Table API display-value
     * records: its cmdb_ci is '?' (empty), so the organisation picks {@code location} as the
     * device, and its times are written dd-MM-yyyy HH:mm.
     */
    @Test
    void realExportRowsWithLocationAsTheDevice() throws Exception {
        List<String> lines = Fixtures.datasetLines(CSV);
        String[] header = lines.get(0).split(",");
        RecordParser parser =
                parser(
                        InputFormat.SERVICENOW,
                        "mapping.servicenow.device-field",
                        "location",
                        "mapping.servicenow.time-format",
                        "dd-MM-yyyy HH:mm");

        List<OpsEvent> events = new ArrayList<>();
        for (String line : lines.subList(1, 41)) {
            events.addAll(parser.parse(utf8(tableApiJson(header, line.split(",")))));
        }

        assertThat(events).hasSize(40);
        OpsEvent first = events.get(0);
        assertThat(first.kind).isEqualTo(EventKind.INCIDENT);
        assertThat(first.reference).isEqualTo("INC0000045");
        assertThat(first.deviceId).isEqualTo("location 143");
        assertThat(first.eventTime).isEqualTo(millis("2016-02-29T01:16:00Z"));
        assertThat(first.priority).as("'3 - Moderate'").isEqualTo(3);
        assertThat(events).allSatisfy(e -> assertThat(e.priority).isBetween(1, 5));

        assertThatThrownBy(
                        () ->
                                parser(InputFormat.SERVICENOW)
                                        .parse(utf8(tableApiJson(header, lines.get(1).split(",")))))
                .as("with the default device field the export's empty cmdb_ci is no device")
                .hasMessageContaining("missing device: field 'cmdb_ci'");
    }

    /** One CSV row as a Table API record; the export's '?' is an empty field. */
    private static String tableApiJson(String[] header, String[] row) throws Exception {
        Map<String, String> record = new LinkedHashMap<>();
        for (int i = 0; i < header.length; i++) {
            record.put(header[i], row[i].equals("?") ? "" : row[i]);
        }
        record.put("sys_class_name", "incident");
        record.put("state", record.remove("incident_state"));
        return Json.MAPPER.writeValueAsString(record);
    }

    private static String incident(String priority, String state) {
        return "{\"number\": \"INC0010099\", \"cmdb_ci\": \"app01\","
                + " \"opened_at\": \"2026-11-24 10:00:00\", \"priority\": \""
                + priority
                + "\", \"state\": \""
                + state
                + "\"}";
    }
}
