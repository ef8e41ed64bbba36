package org.outagepredictor.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.outagepredictor.ingest.Fixtures.mapping;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.outagepredictor.event.ChangeType;
import org.outagepredictor.event.Severity;

/** Device normalisation, value tables and option validation of {@link FieldMapping}. */
class FieldMappingTest {

    @Test
    void deviceNamesAreTrimmedLowerCasedAndStrippedOfPortsAndDomains() throws Exception {
        FieldMapping mapping =
                mapping("mapping.device.strip-domains", "example.com, .corp.example.com");

        assertThat(mapping.device(" WEB01.Corp.Example.COM ", "f")).isEqualTo("web01");
        assertThat(mapping.device("web01.example.com", "f")).isEqualTo("web01");
        assertThat(mapping.device("web01:9100", "f")).isEqualTo("web01");
        assertThat(mapping.device("[2001:db8::1]:9100", "f")).isEqualTo("2001:db8::1");
        assertThat(mapping.device("2001:db8::1", "f"))
                .as("bare IPv6 kept")
                .isEqualTo("2001:db8::1");
        assertThat(mapping.device("R02-M1-N0-C:J12-U11", "f")).isEqualTo("r02-m1-n0-c:j12-u11");
        assertThat(mapping("mapping.device.lower-case", "false").device("WEB01", "f"))
                .isEqualTo("WEB01");
        assertThatThrownBy(() -> mapping.device(null, "cmdb_ci"))
                .hasMessage("missing device: field 'cmdb_ci' is empty");
    }

    @Test
    void aliasesFromTheOptionWinOverTheFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("aliases.properties");
        Files.writeString(file, "# CMDB names\nPAYMENTS-DB = db-pay-01\n10.1.2.3=fw-edge-1\n");
        FieldMapping mapping =
                mapping(
                        "mapping.device.aliases-file", file.toString(),
                        "mapping.device.aliases", "10.1.2.3=fw-edge-2, crm.corp.example.com=crm-01",
                        "mapping.device.strip-domains", ".corp.example.com");

        assertThat(mapping.device("payments-db", "f")).isEqualTo("db-pay-01");
        assertThat(mapping.device("10.1.2.3:514", "f")).isEqualTo("fw-edge-2");
        assertThat(mapping.device("CRM", "f"))
                .as("alias names are normalised too")
                .isEqualTo("crm-01");
        assertThat(mapping.device("other", "f")).isEqualTo("other");
    }

    @Test
    void changeTypesPrioritiesAndSeverities() {
        FieldMapping mapping = FieldMapping.defaults();
        assertThat(mapping.changeType("Normal")).isEqualTo(ChangeType.PLANNED);
        assertThat(mapping.changeType("EMERGENCY")).isEqualTo(ChangeType.EMERGENCY);
        assertThat(mapping.changeType("unauthorized")).isEqualTo(ChangeType.UNAUTHORISED);
        assertThat(mapping.changeType("latent")).isNull();
        assertThat(mapping.priority("1 - Critical")).isEqualTo(1);
        assertThat(mapping.priority("High")).isEqualTo(2);
        assertThat(mapping.priority("7")).isNull();
        assertThat(mapping.priority("sev1")).isNull();
        assertThat(mapping("mapping.incident.priority-names", "sev1=1").priority("SEV1"))
                .isEqualTo(1);
        assertThat(mapping.severity("Serious")).isEqualTo(Severity.ERROR);
        assertThat(mapping.severityKeyword("kernel: WARN: link flapping, ERROR later"))
                .isEqualTo(Severity.WARNING);
        assertThat(mapping.severityKeyword("all quiet")).isNull();
        assertThat(mapping("mapping.splunk-hec.severity-keywords", "").severityKeyword("ERROR"))
                .isNull();
        assertThat(mapping.isFailedCloseCode("Unsuccessful")).isTrue();
        assertThat(mapping.isFailedState("3")).isFalse();
    }

    @Test
    void invalidOptionsFailWithTheirKey() {
        assertThatThrownBy(() -> mapping("mapping.panos.device-field", "hostname"))
                .hasMessageContaining("mapping.panos.device-field must be device_name or serial");
        assertThatThrownBy(() -> mapping("mapping.incident.priority-names", "sev1=urgent"))
                .hasMessageContaining("mapping.incident.priority-names");
        assertThatThrownBy(() -> mapping("mapping.device.aliases", "web01"))
                .hasMessageContaining("mapping.device.aliases entries must be name=value");
        assertThatThrownBy(() -> mapping("mapping.change.emergency-types", "normal"))
                .hasMessageContaining("'normal' is both PLANNED and EMERGENCY");
        assertThatThrownBy(() -> mapping("mapping.severity-names", "meh=MILD"))
                .hasMessageContaining("mapping.severity-names: 'MILD' is not one of");
        assertThatThrownBy(() -> mapping("mapping.servicenow.time-zone", "Mars/Olympus"))
                .hasMessageContaining("mapping.servicenow.time-zone is not a time zone");
        assertThatThrownBy(() -> mapping("mapping.solarwinds.time-format", "yyyy-MM-dd {"))
                .hasMessageContaining("mapping.solarwinds.time-format is not a java.time pattern");
        assertThatThrownBy(() -> mapping("mapping.change.untracked-type", "sneaky"))
                .hasMessageContaining("mapping.change.untracked-type must be one of");
        assertThatThrownBy(() -> mapping("mapping.device.aliases-file", "/nonexistent/aliases"))
                .hasMessageContaining("mapping.device.aliases-file: cannot read");
        assertThatThrownBy(() -> IngestOptions.from(config("ingest.max-past-age", "0 s")))
                .hasMessageContaining("ingest.max-past-age must be positive");
    }

    @Test
    void inputFormatsByConfigName() {
        assertThat(InputFormat.fromConfigName("Splunk-HEC")).isEqualTo(InputFormat.SPLUNK_HEC);
        assertThat(InputFormat.GENERIC_JSON.configName()).isEqualTo("generic-json");
        assertThatThrownBy(() -> InputFormat.fromConfigName("syslog"))
                .hasMessageContaining("known formats: [servicenow, puppet");
    }

    private static Configuration config(String key, String value) {
        Configuration config = new Configuration();
        config.setString(key, value);
        return config;
    }
}
