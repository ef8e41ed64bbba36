package org.outagepredictor.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.outagepredictor.ingest.Fixtures.millis;
import static org.outagepredictor.ingest.Fixtures.utf8;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Base64;
import java.util.List;
import org.apache.flink.configuration.Configuration;
import org.junit.jupiter.api.Test;
import org.outagepredictor.event.EventKind;
import org.outagepredictor.event.OpsEvent;

/** Bad input of every kind becomes one dead letter with its error and its original bytes. */
class RecordIngesterTest {

    private static final long NOW = millis("2026-11-24T12:00:00Z");
    private static final String VALID =
            "{\"device\": \"web01\", \"time\": \"2026-11-24T11:59:00Z\", \"kind\": \"log\","
                    + " \"severity\": \"info\"}";

    private final RecordIngester ingester =
            new RecordIngester(IngestOptions.defaults(), FieldMapping.defaults());

    @Test
    void validRecordGivesItsEvents() {
        IngestResult result = ingester.ingest(record("generic-json", utf8(VALID)), NOW);

        assertThat(result.isDeadLetter()).isFalse();
        assertThat(result.deadLetter()).isNull();
        assertThat(result.events()).extracting(e -> e.deviceId).containsExactly("web01");
    }

    @Test
    void invalidJson() {
        assertDeadLetter(
                "generic-json",
                utf8("{\"device\": \"web01\", "),
                "invalid generic JSON record: Unexpected end-of-input");
        assertDeadLetter(
                "generic-json", utf8("{} {}"), "invalid generic JSON record: Trailing token");
    }

    @Test
    void invalidCsv() {
        assertDeadLetter(
                "panos",
                utf8(
                        "1,2026/11/24 11:59:00,0123,CONFIG,0,0,2026/11/24 11:59:00,h,,set,admin,Web,Succeeded,\"unterminated"),
                "invalid CSV: field 14 opens a quote that never closes");
    }

    @Test
    void wrongTypes() {
        assertDeadLetter(
                "generic-json",
                utf8(VALID.replace("\"web01\"", "[\"web01\"]")),
                "field 'device' must be a string or number, found an array");
        assertDeadLetter(
                "splunk-hec",
                utf8("{\"time\": {}, \"host\": \"a\", \"event\": \"x\"}"),
                "event 1: field 'time' must be epoch seconds, found an object");
    }

    @Test
    void missingDevice() {
        assertDeadLetter(
                "generic-json",
                utf8(VALID.replace("\"device\": \"web01\",", "")),
                "missing device: field 'device' is empty");
        assertDeadLetter(
                "generic-json",
                utf8(VALID.replace("\"web01\"", "\"  \"")),
                "missing device: field 'device' is empty");
        assertDeadLetter(
                "generic-json",
                utf8(VALID.replace("\"web01\"", "\".corp.example.com\"")),
                FieldMapping.from(config("mapping.device.strip-domains", "corp.example.com")),
                "missing device: field 'device' is empty");
    }

    @Test
    void unknownKindAndUnknownFormat() {
        assertDeadLetter(
                "generic-json",
                utf8(VALID.replace("\"log\"", "\"rumour\"")),
                "unknown kind 'rumour'");
        assertDeadLetter(
                "nagios",
                utf8(VALID),
                "Unknown input format 'nagios'; known formats: [servicenow, puppet, chef, panos, splunk-hec, solarwinds, alertmanager, generic-json]");
    }

    @Test
    void badUtf8() {
        byte[] value = utf8(VALID.replace("web01", "web\u00e901"));
        int e9 = indexOf(value, (byte) 0xC3);
        byte[] broken = value.clone();
        broken[e9 + 1] = (byte) 0x28; // a lead byte followed by no continuation byte
        assertDeadLetter(
                "generic-json", broken, "not valid UTF-8: malformed byte sequence at offset " + e9);

        IngestResult accented = ingester.ingest(record("generic-json", value), NOW);
        assertThat(accented.events()).extracting(e -> e.deviceId).containsExactly("web\u00e901");
    }

    @Test
    void oversizedRecord() {
        RecordIngester small =
                new RecordIngester(
                        IngestOptions.from(config("ingest.max-record-bytes", "64 bytes")),
                        FieldMapping.defaults());
        byte[] value = utf8(VALID);
        RawRecord record = record("generic-json", value);
        DeadLetter letter = small.ingest(record, NOW).deadLetter();
        assertThat(letter.error)
                .isEqualTo(
                        "record of "
                                + value.length
                                + " bytes exceeds ingest.max-record-bytes (64 bytes)");
        assertThat(letter.original).isEqualTo(value);
        assertThat(IngestOptions.defaults().maxRecordBytes).isEqualTo(1024 * 1024);
    }

    @Test
    void eventTimesAbsurdlyFarInTheFutureOrPast() {
        assertDeadLetter(
                "generic-json",
                utf8(VALID.replace("2026-11-24T11:59:00Z", "2026-11-24T13:00:01Z")),
                "event time 2026-11-24T13:00:01Z is more than ingest.max-future-skew after the record's time 2026-11-24T12:00:00Z");
        assertDeadLetter(
                "generic-json",
                utf8(VALID.replace("2026-11-24T11:59:00Z", "2026-10-25T11:59:59Z")),
                "event time 2026-10-25T11:59:59Z is more than ingest.max-past-age before the record's time 2026-11-24T12:00:00Z");
        assertDeadLetter(
                "generic-json",
                utf8(VALID.replace("\"2026-11-24T11:59:00Z\"", "1795514700000000")),
                "event time +58867-");

        RawRecord replayed =
                record(
                        "generic-json",
                        utf8(VALID.replace("2026-11-24T11:59:00Z", "2020-01-01T00:00:00Z")));
        replayed.timestamp = millis("2020-01-01T00:00:05Z");
        assertThat(ingester.ingest(replayed, NOW).isDeadLetter())
                .as("the reference is the Kafka time stamp, so a replayed old topic passes")
                .isFalse();
    }

    @Test
    void tombstone() {
        RawRecord record = record("servicenow", null);
        DeadLetter letter = ingester.ingest(record, NOW).deadLetter();
        assertThat(letter.error).isEqualTo("tombstone: the record has no value");
        assertThat(letter.original).isNull();
        assertThat(letter.toJson()).contains("\"original\":null");
    }

    @Test
    void oneBadEventSendsTheWholeRecordToTheDeadLetters() {
        String batch = "[" + VALID + ", " + VALID.replace("\"info\"", "\"so-so\"") + "]";
        assertDeadLetter(
                "generic-json",
                utf8(batch),
                "[1]: field 'severity' value 'so-so' is not in mapping.severity-names");
    }

    @Test
    void eventsWithoutTheirKindsRequiredFieldsAreRejected() {
        assertThat(errorFor(OpsEvent.of(EventKind.ALERT, "web01", NOW)))
                .isEqualTo("ALERT event without a severity");
        assertThat(errorFor(OpsEvent.of(EventKind.CHANGE, "web01", NOW)))
                .isEqualTo("CHANGE event without a change type");
        assertThat(errorFor(OpsEvent.of(EventKind.INCIDENT, "web01", NOW)))
                .isEqualTo("INCIDENT event without a priority 1 to 5");
        OpsEvent metric = OpsEvent.of(EventKind.METRIC, "web01", NOW);
        metric.metricName = "cpu";
        metric.value = Double.NaN;
        assertThat(errorFor(metric))
                .isEqualTo("METRIC event without a metric name and a finite value");
        assertThat(errorFor(OpsEvent.of(EventKind.FEEDBACK, "web01", NOW)))
                .isEqualTo("FEEDBACK event without a reference and a feedback answer");
        assertThat(errorFor(OpsEvent.of(null, "web01", NOW)))
                .isEqualTo("unknown kind: the event has none");
        assertThat(errorFor(OpsEvent.of(EventKind.LOG, null, NOW))).isEqualTo("missing device");
    }

    @Test
    void parserBugIsADeadLetterNotACrash() {
        RecordParser buggy =
                new AbstractRecordParser("buggy") {
                    @Override
                    List<OpsEvent> parseRecord(byte[] value) {
                        throw new IllegalStateException("index out of step");
                    }
                };
        RawRecord record = record("splunk-hec", utf8("{}"));
        assertThat(
                        new RecordIngester(IngestOptions.defaults(), format -> buggy)
                                .ingest(record, NOW)
                                .deadLetter()
                                .error)
                .isEqualTo(
                        "buggy parser failed unexpectedly (java.lang.IllegalStateException: index out of step)");
    }

    @Test
    void deadLetterJsonCarriesTheOriginalInBase64() throws Exception {
        RawRecord record = record("generic-json", utf8("{oops"));
        record.topic = "ops.generic";
        record.partition = 3;
        record.offset = 42;
        DeadLetter letter = ingester.ingest(record, NOW).deadLetter();

        JsonNode json = Json.MAPPER.readTree(letter.toJson());
        assertThat(json.get("source").asText()).isEqualTo("ops.generic");
        assertThat(json.get("partition").asInt()).isEqualTo(3);
        assertThat(json.get("offset").asLong()).isEqualTo(42);
        assertThat(json.get("format").asText()).isEqualTo("generic-json");
        assertThat(json.get("failedAt").asLong()).isEqualTo(NOW);
        assertThat(json.get("error").asText()).startsWith("invalid generic JSON record");
        assertThat(Base64.getDecoder().decode(json.get("original").asText()))
                .isEqualTo(utf8("{oops"));
    }

    /** The ingester's error for a record whose parser gives just this event. */
    private static String errorFor(OpsEvent event) {
        RecordIngester ingester =
                new RecordIngester(IngestOptions.defaults(), format -> value -> List.of(event));
        return ingester.ingest(record("generic-json", utf8("{}")), NOW).deadLetter().error;
    }

    private void assertDeadLetter(String format, byte[] value, String error) {
        assertDeadLetter(format, value, FieldMapping.defaults(), error);
    }

    private static void assertDeadLetter(
            String format, byte[] value, FieldMapping mapping, String error) {
        RawRecord record = record(format, value);
        IngestResult result =
                new RecordIngester(IngestOptions.defaults(), mapping).ingest(record, NOW);
        assertThat(result.isDeadLetter()).as("dead letter expected").isTrue();
        assertThat(result.events()).isEmpty();
        DeadLetter letter = result.deadLetter();
        assertThat(letter.error).startsWith(error);
        assertThat(letter.original).isEqualTo(value);
        assertThat(letter.format).isEqualTo(format);
        assertThat(letter.failedAt).isEqualTo(NOW);
    }

    private static RawRecord record(String format, byte[] value) {
        RawRecord record = RawRecord.of(format, value);
        record.topic = "ops." + format;
        return record;
    }

    private static Configuration config(String key, String value) {
        Configuration config = new Configuration();
        config.setString(key, value);
        return config;
    }

    private static int indexOf(byte[] bytes, byte wanted) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == wanted) {
                return i;
            }
        }
        throw new AssertionError("byte not found");
    }
}
