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
import org.outagepredictor.event.ChangeType;
import org.outagepredictor.event.EventKind;
import org.outagepredictor.event.OpsEvent;

/**
 * Puppet run reports: JSON format 12 of our own, and Puppet's own YAML fixtures from 2.6 and 0.25.
 */
class PuppetReportParserTest {

    private static final String REPORT_2_6 = "puppet-reports/report2.6.x.yaml";

    @Test
    void correctiveRunIsAnUnauthorisedChangeByDefault() throws Exception {
        OpsEvent event =
                single(
                        parser(
                                InputFormat.PUPPET,
                                "mapping.device.strip-domains",
                                "corp.example.com"),
                        resource("puppet-report-format12.json"));

        assertThat(event.kind).isEqualTo(EventKind.CHANGE);
        assertThat(event.deviceId).isEqualTo("web01");
        assertThat(event.eventTime).isEqualTo(millis("2026-11-24T08:40:12.184Z"));
        assertThat(event.changeType).isEqualTo(ChangeType.UNAUTHORISED);
        assertThat(event.failed).isFalse();
        assertThat(event.reference).isEqualTo("5d1f9f0c-8f5e-4c6b-9a57-0b4d6f9a1e21");
        assertThat(event.summary)
                .isEqualTo(
                        "Puppet run changed: 2 resources changed, 0 failed, corrected drift on 1"
                                + " (changed outside Puppet), environment production");
    }

    @Test
    void correctiveRunStaysAConfigRunWhenConfigured() throws Exception {
        OpsEvent event =
                single(
                        parser(
                                InputFormat.PUPPET,
                                "mapping.puppet.corrective-as-unauthorised",
                                "false"),
                        resource("puppet-report-format12.json"));

        assertThat(event.changeType).isEqualTo(ChangeType.CONFIG_RUN);
        assertThat(event.summary).contains("corrected drift");
    }

    @Test
    void failedRunAndUnchangedRun() throws Exception {
        String failed =
                "{\"host\": \"db01\", \"time\": \"2026-11-24T08:00:00Z\", \"status\": \"failed\","
                        + " \"report_format\": 10, \"configuration_version\": \"42\","
                        + " \"resource_statuses\": {\"Service[postgresql]\": {\"failed\": true,"
                        + " \"changed\": false}}}";
        OpsEvent event = single(parser(InputFormat.PUPPET), utf8(failed));
        assertThat(event.changeType).isEqualTo(ChangeType.CONFIG_RUN);
        assertThat(event.failed).isTrue();
        assertThat(event.reference).isEqualTo("42");
        assertThat(event.summary).isEqualTo("Puppet run failed: 0 resources changed, 1 failed");

        String unchanged =
                failed.replace("\"failed\",", "\"unchanged\",")
                        .replace("\"failed\": true", "\"failed\": false");
        assertThat(parser(InputFormat.PUPPET).parse(utf8(unchanged))).isEmpty();
    }

    @Test
    void puppet26YamlWithRubyTagsParsesAndIsUnchanged() throws Exception {
        assertThat(parser(InputFormat.PUPPET).parse(Fixtures.dataset(REPORT_2_6)))
                .as("no resource changed, so no event")
                .isEmpty();
    }

    @Test
    void puppet26YamlWithAFailedEventIsAFailedConfigRun() throws Exception {
        String report = new String(Fixtures.dataset(REPORT_2_6), StandardCharsets.UTF_8);
        String withFailure =
                report.replaceFirst(
                        "events: \\[\\]",
                        "events:\n        - !ruby/object:Puppet::Transaction::Event\n"
                                + "          status: failure\n"
                                + "          property: ensure");

        OpsEvent event = single(parser(InputFormat.PUPPET), utf8(withFailure));

        assertThat(event.deviceId).isEqualTo("ubuntu1004desktop.localdomain");
        assertThat(event.eventTime).isEqualTo(millis("2010-09-23T22:44:05.894Z"));
        assertThat(event.failed).isTrue();
        assertThat(event.changeType).isEqualTo(ChangeType.CONFIG_RUN);
    }

    @Test
    void puppet025FixtureIsAnEmptyFileAndAnError() {
        byte[] report = Fixtures.dataset("puppet-reports/report0.25.x.yaml");
        assertThat(report).isEmpty();
        assertThatThrownBy(() -> parser(InputFormat.PUPPET).parse(report))
                .isInstanceOf(MalformedRecordException.class)
                .hasMessage("empty Puppet record");
    }

    @Test
    void errorsNameTheField() {
        RecordParser parser = parser(InputFormat.PUPPET);
        assertThatThrownBy(() -> parser.parse(utf8("{\"host\": \"a\", \"time\": \"yesterday\"}")))
                .hasMessageContaining("'time'");
        assertThatThrownBy(() -> parser.parse(utf8("{\"time\": \"2026-11-24T08:00:00Z\"}")))
                .hasMessageContaining("missing device: field 'host'");
        assertThatThrownBy(
                        () ->
                                parser.parse(
                                        utf8(
                                                "{\"host\": \"a\", \"time\": \"2026-11-24T08:00:00Z\","
                                                        + " \"status\": \"exploded\"}")))
                .hasMessageContaining("'status'");
        assertThatThrownBy(() -> parser.parse(utf8("host: [unclosed")))
                .hasMessageStartingWith("invalid Puppet record");
    }
}
