package org.outagepredictor.evaluate;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.outagepredictor.event.ChangeType;
import org.outagepredictor.event.EventKind;
import org.outagepredictor.event.OpsEvent;
import org.outagepredictor.event.Severity;
import org.outagepredictor.ingest.FieldMapping;
import org.outagepredictor.ingest.IngestOptions;

/** The converters on the real public files, read in place from ../shared/datasets. */
class DatasetsTest {

    private static final Path DATASETS = Path.of("../shared/datasets");

    private static long count(List<OpsEvent> events, EventKind kind) {
        return events.stream().filter(e -> e.kind == kind).count();
    }

    private static void assertInTimeOrder(List<OpsEvent> events) {
        for (int i = 1; i < events.size(); i++) {
            assertThat(events.get(i).eventTime).isGreaterThanOrEqualTo(events.get(i - 1).eventTime);
        }
    }

    @Test
    void nabSeriesAreMetricsOfOneDeviceEachAndTheirLabelsIncidents() throws Exception {
        List<OpsEvent> events = Datasets.nab(DATASETS.resolve(Datasets.NAB));

        // Six series: 7267 + 18050 + 4032 + 22695 + 1882 + 5315 rows; 2 + 2 + 3 + 4 + 2 + 2 labels.
        assertThat(count(events, EventKind.METRIC)).isEqualTo(59_241);
        assertThat(count(events, EventKind.INCIDENT)).isEqualTo(15);
        assertInTimeOrder(events);
        List<OpsEvent> machine =
                events.stream()
                        .filter(e -> e.deviceId.equals("machine_temperature_system_failure"))
                        .toList();
        assertThat(count(machine, EventKind.METRIC)).isEqualTo(22_695);
        OpsEvent first = machine.get(0);
        assertThat(first.eventTime).isEqualTo(Instant.parse("2013-12-02T21:15:00Z").toEpochMilli());
        assertThat(first.value).isEqualTo(73.96732207);
        assertThat(first.metricName).isEqualTo("value");
        assertThat(
                        machine.stream()
                                .filter(e -> e.kind == EventKind.INCIDENT)
                                .map(e -> Instant.ofEpochMilli(e.eventTime).toString()))
                .containsExactly(
                        "2013-12-11T06:00:00Z",
                        "2013-12-16T17:25:00Z",
                        "2014-01-28T13:55:00Z",
                        "2014-02-08T14:30:00Z");
        assertThat(machine.stream().filter(e -> e.kind == EventKind.INCIDENT))
                .allSatisfy(e -> assertThat(e.priority).isEqualTo(1));
    }

    @Test
    void bglLinesAreLogsPerNodeAndAlertLinesAlsoIncidents() throws Exception {
        List<OpsEvent> events = Datasets.bgl(DATASETS.resolve(Datasets.BGL));

        assertThat(count(events, EventKind.LOG)).isEqualTo(2_000);
        // 143 lines carry an alert category instead of '-'.
        assertThat(count(events, EventKind.INCIDENT)).isEqualTo(143);
        assertInTimeOrder(events);
        assertThat(
                        events.stream()
                                .filter(e -> e.kind == EventKind.LOG)
                                .collect(
                                        Collectors.groupingBy(
                                                e -> e.severity, Collectors.counting())))
                .containsEntry(Severity.INFO, 1_597L)
                .containsEntry(Severity.WARNING, 8L)
                .containsEntry(Severity.ERROR, 48L) // 41 ERROR and 7 SEVERE
                .containsEntry(Severity.CRITICAL, 347L);
        OpsEvent line1 =
                events.stream().filter(e -> "line-1".equals(e.reference)).findFirst().orElseThrow();
        assertThat(line1.deviceId).isEqualTo("r02-m1-n0-c:j12-u11");
        assertThat(line1.eventTime).isEqualTo(1_117_838_570_000L);
        assertThat(line1.severity).isEqualTo(Severity.INFO);
        assertThat(
                        events.stream()
                                .filter(e -> e.kind == EventKind.INCIDENT)
                                .filter(e -> e.deviceId.equals("r30-m0-n9-c:j16-u01"))
                                .count())
                .isEqualTo(60);
    }

    @Test
    void serviceNowIncidentsPerLocationWithTheChangesTheyReference() throws Exception {
        List<OpsEvent> events = Datasets.serviceNow(DATASETS.resolve(Datasets.SERVICENOW));

        // 890 incidents, 2 of them without a location on any row.
        assertThat(count(events, EventKind.INCIDENT)).isEqualTo(888);
        assertThat(
                        events.stream()
                                .filter(e -> e.kind == EventKind.INCIDENT && e.priority <= 2)
                                .count())
                .isEqualTo(41);
        assertInTimeOrder(events);
        OpsEvent first =
                events.stream()
                        .filter(e -> "INC0000045".equals(e.reference))
                        .findFirst()
                        .orElseThrow();
        assertThat(first.deviceId).isEqualTo("location 143");
        assertThat(first.priority).isEqualTo(3);
        assertThat(first.eventTime).isEqualTo(Instant.parse("2016-02-29T01:16:00Z").toEpochMilli());
        List<OpsEvent> changes = events.stream().filter(e -> e.kind == EventKind.CHANGE).toList();
        assertThat(changes).isNotEmpty();
        assertThat(changes).allSatisfy(c -> assertThat(c.reference).startsWith("CHG"));
        assertThat(changes).allSatisfy(c -> assertThat(c.changeType).isEqualTo(ChangeType.PLANNED));
        OpsEvent chg127 =
                changes.stream()
                        .filter(c -> c.reference.equals("CHG0000127"))
                        .findFirst()
                        .orElseThrow();
        assertThat(chg127.summary).startsWith("referenced by INC");
    }

    @Test
    void convertedEventsComeBackThroughTheGenericJsonParserUnchanged(@TempDir Path dir)
            throws Exception {
        List<OpsEvent> events = Datasets.bgl(DATASETS.resolve(Datasets.BGL));
        Path file = dir.resolve("bgl.jsonl");
        EventFiles.write(events, file);

        EventFiles.Read read =
                EventFiles.read(
                        file, "generic-json", IngestOptions.defaults(), FieldMapping.defaults());

        assertThat(read.rejected).isZero();
        assertThat(read.lines).isEqualTo(events.size());
        assertThat(read.events).containsExactlyElementsOf(events);
    }
}
