package org.outagepredictor.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.outagepredictor.ingest.Fixtures.utf8;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;
import org.outagepredictor.event.ChangeType;
import org.outagepredictor.event.EventKind;
import org.outagepredictor.event.OpsEvent;
import org.outagepredictor.event.Severity;

/**
 * Two organisations report the same morning on the same web server in their own ways, and their
 * configurations alone make the same canonical events of it.
 *
 * <p>Acme keeps ServiceNow's defaults: the CI in cmdb_ci, stored values, UTC, numeric priorities,
 * normal/emergency changes; Prometheus labels the host:port as instance; Splunk's host is the FQDN.
 * Globex names the device in a custom u_hostname field (cmdb_ci holds only sys_id links), reads
 * display values in Paris time, calls priorities Sev1 to Sev5 and its planned changes "Routine",
 * marks failed changes with the close code "Rolled back", labels Prometheus targets by management
 * name, and sends Splunk events whose device is a CI name in fields.ci and whose level is "ERR" in
 * the event object.
 *
 * <p>Summaries are the organisations' own words (their change type names, their descriptions), so
 * the comparison leaves them out; every other field of every event must be equal.
 */
class TwoOrganisationsTest {

    @Test
    void sameCanonicalEventsByConfigurationAlone() throws Exception {
        List<OpsEvent> acme = ingest(acmeConfig(), acmeRecords());
        List<OpsEvent> globex = ingest(globexConfig(), globexRecords());

        assertThat(acme).hasSize(6);
        assertThat(withoutSummaries(globex)).containsExactlyElementsOf(withoutSummaries(acme));

        assertThat(acme).extracting(e -> e.deviceId).containsOnly("web01");
        assertThat(acme)
                .extracting(e -> e.kind)
                .containsExactly(
                        EventKind.INCIDENT,
                        EventKind.INCIDENT,
                        EventKind.CHANGE,
                        EventKind.CHANGE,
                        EventKind.ALERT,
                        EventKind.LOG);
        assertThat(acme.get(0).priority).isEqualTo(1);
        assertThat(acme.get(1).priority).as("Sev3 and 3 alike").isEqualTo(3);
        assertThat(acme.get(2).changeType).isEqualTo(ChangeType.PLANNED);
        assertThat(acme.get(2).failed).isTrue();
        assertThat(acme.get(3).changeType).isEqualTo(ChangeType.EMERGENCY);
        assertThat(acme.get(4).severity).isEqualTo(Severity.CRITICAL);
        assertThat(acme.get(5).severity).isEqualTo(Severity.ERROR);
    }

    private static Configuration acmeConfig() {
        Configuration config = new Configuration();
        config.setString("mapping.device.strip-domains", ".acme.example");
        return config;
    }

    private static Configuration globexConfig() {
        Configuration config = new Configuration();
        config.setString("mapping.servicenow.device-field", "u_hostname");
        config.setString("mapping.servicenow.time-format", "dd/MM/yyyy HH:mm");
        config.setString("mapping.servicenow.time-zone", "Europe/Paris");
        config.setString("mapping.incident.priority-names", "sev1=1,sev2=2,sev3=3,sev4=4,sev5=5");
        config.setString("mapping.change.planned-types", "routine");
        config.setString("mapping.change.emergency-types", "break-fix");
        config.setString("mapping.change.failed-close-codes", "rolled back");
        config.setString("mapping.device.strip-domains", ".prod.globex.net,.globex.net");
        config.setString("mapping.device.aliases", "web01-mgmt=web01,CI-WEB-0001=web01");
        config.setString("mapping.alertmanager.device-label", "target");
        config.setString("mapping.splunk-hec.device-field", "fields.ci");
        config.setString("mapping.splunk-hec.severity-field", "event.level");
        config.setString(
                "mapping.severity-names",
                MappingOptions.SEVERITY_NAMES.defaultValue() + ",err=ERROR,crit=CRITICAL");
        return config;
    }

    private static List<RawRecord> acmeRecords() {
        return List.of(
                record(
                        "servicenow",
                        "{\"number\": \"INC0012345\", \"cmdb_ci\": \"WEB01\", \"opened_at\": \"2026-11-24 09:00:00\", \"priority\": \"1\", \"short_description\": \"Shop down\"}"),
                record(
                        "servicenow",
                        "{\"number\": \"INC0012346\", \"cmdb_ci\": \"WEB01\", \"opened_at\": \"2026-11-24 09:05:00\", \"priority\": \"3\"}"),
                record(
                        "servicenow",
                        "{\"result\": [{\"number\": \"CHG0004001\", \"cmdb_ci\": \"web01.acme.example\", \"start_date\": \"2026-11-24 08:00:00\", \"type\": \"normal\", \"close_code\": \"unsuccessful\"},"
                                + " {\"number\": \"CHG0004002\", \"cmdb_ci\": \"WEB01\", \"start_date\": \"2026-11-24 09:30:00\", \"type\": \"emergency\", \"close_code\": \"successful\"}]}"),
                record(
                        "alertmanager",
                        "{\"version\": \"4\", \"alerts\": [{\"status\": \"firing\", \"labels\": {\"alertname\": \"HighErrorRate\", \"instance\": \"web01.acme.example:9100\", \"severity\": \"critical\"}, \"startsAt\": \"2026-11-24T08:55:00Z\", \"fingerprint\": \"f00d\"}]}"),
                record(
                        "splunk-hec",
                        "{\"time\": 1795510200, \"host\": \"web01.acme.example\", \"event\": \"ERROR upstream timed out\"}"));
    }

    private static List<RawRecord> globexRecords() {
        String link =
                "{\"link\": \"https://globex.service-now.com/api/now/table/cmdb_ci/0a1b\", \"value\": \"0a1b\"}";
        return List.of(
                record(
                        "servicenow",
                        "{\"number\": \"INC0012345\", \"cmdb_ci\": "
                                + link
                                + ", \"u_hostname\": \"Web01.prod.globex.net\", \"opened_at\": \"24/11/2026 10:00\", \"priority\": \"Sev1\", \"short_description\": \"Webshop unavailable\"}"),
                record(
                        "servicenow",
                        "{\"number\": \"INC0012346\", \"cmdb_ci\": "
                                + link
                                + ", \"u_hostname\": \"web01.globex.net\", \"opened_at\": \"24/11/2026 10:05\", \"priority\": \"Sev3\"}"),
                record(
                        "servicenow",
                        "{\"result\": [{\"number\": {\"display_value\": \"CHG0004001\", \"value\": \"CHG0004001\"}, \"cmdb_ci\": "
                                + link
                                + ", \"u_hostname\": {\"display_value\": \"WEB01\", \"value\": \"WEB01\"}, \"start_date\": {\"display_value\": \"24/11/2026 09:00\", \"value\": \"2026-11-24 08:00:00\"}, \"type\": {\"display_value\": \"Routine\", \"value\": \"routine\"}, \"close_code\": {\"display_value\": \"Rolled back\", \"value\": \"rolled_back\"}},"
                                + " {\"number\": \"CHG0004002\", \"cmdb_ci\": "
                                + link
                                + ", \"u_hostname\": \"web01\", \"start_date\": \"24/11/2026 10:30\", \"type\": \"Break-Fix\", \"close_code\": \"Done\"}]}"),
                record(
                        "alertmanager",
                        "{\"version\": \"4\", \"alerts\": [{\"status\": \"firing\", \"labels\": {\"alertname\": \"HTTP5xxBurst\", \"target\": \"web01-mgmt:443\", \"severity\": \"page\"}, \"startsAt\": \"2026-11-24T09:55:00+01:00\", \"fingerprint\": \"f00d\"}]}"),
                record(
                        "splunk-hec",
                        "{\"time\": \"1795510200.000\", \"host\": \"log-relay-3\", \"event\": {\"level\": \"ERR\", \"message\": \"upstream timed out\"}, \"fields\": {\"ci\": \"CI-WEB-0001\"}}"));
    }

    private static List<OpsEvent> ingest(Configuration config, List<RawRecord> records) {
        RecordIngester ingester =
                new RecordIngester(IngestOptions.from(config), FieldMapping.from(config));
        List<OpsEvent> events = new ArrayList<>();
        for (RawRecord record : records) {
            IngestResult result = ingester.ingest(record, Fixtures.millis("2026-11-24T12:00:00Z"));
            assertThat(result.deadLetter()).as("%s", result.deadLetter()).isNull();
            events.addAll(result.events());
        }
        return events;
    }

    private static List<OpsEvent> withoutSummaries(List<OpsEvent> events) {
        List<OpsEvent> copies = new ArrayList<>();
        for (OpsEvent event : events) {
            OpsEvent copy = new OpsEvent();
            copy.deviceId = event.deviceId;
            copy.deviceClass = event.deviceClass;
            copy.eventTime = event.eventTime;
            copy.kind = event.kind;
            copy.source = event.source;
            copy.reference = event.reference;
            copy.severity = event.severity;
            copy.changeType = event.changeType;
            copy.failed = event.failed;
            copy.metricName = event.metricName;
            copy.value = event.value;
            copy.priority = event.priority;
            copy.feedback = event.feedback;
            copies.add(copy);
        }
        return copies;
    }

    private static RawRecord record(String format, String json) {
        return RawRecord.of(format, utf8(json));
    }
}
