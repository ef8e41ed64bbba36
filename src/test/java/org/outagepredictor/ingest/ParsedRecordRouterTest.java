package org.outagepredictor.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.outagepredictor.ingest.Fixtures.resource;
import static org.outagepredictor.ingest.Fixtures.utf8;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.apache.flink.util.InstantiationUtil;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.outagepredictor.event.OpsEvent;

/**
 * Records parsed as the Kafka sources parse them ({@link ParsingDeserializer}) and routed by the
 * {@link ParsedRecordRouter} operator: corrupt records go to the dead-letter side output and valid
 * ones to the main output, in the manner of Kafka Streams' HandlingCorruptedInputRecords test.
 */
class ParsedRecordRouterTest {

    private static final long NOW = Fixtures.millis("2026-11-24T10:31:00Z");

    private ParsingDeserializer deserializer;
    private OneInputStreamOperatorTestHarness<ParsedRecord, OpsEvent> harness;

    @BeforeEach
    void openHarness() throws Exception {
        // As Flink ships it to the task managers: serialised, with the mapping inside.
        deserializer =
                InstantiationUtil.clone(
                        new ParsingDeserializer(
                                "unused",
                                new RecordIngester(
                                        IngestOptions.defaults(), FieldMapping.defaults())),
                        getClass().getClassLoader());
        harness = ProcessFunctionTestHarnesses.forProcessFunction(new ParsedRecordRouter());
    }

    @AfterEach
    void closeHarness() throws Exception {
        harness.close();
    }

    @Test
    void corruptThenValidRecords() throws Exception {
        RawRecord corruptJson =
                record("alertmanager", utf8("{\"version\": \"4\", \"alerts\": [{"), 0);
        RawRecord tombstone = record("servicenow", null, 1);
        RawRecord validAlerts = record("alertmanager", resource("alertmanager-webhook.json"), 2);
        RawRecord badUtf8 = record("generic-json", new byte[] {'{', (byte) 0xFF, '}'}, 3);
        RawRecord validChange =
                record("servicenow", resource("servicenow-change-envelope.json"), 4);

        for (RawRecord record :
                List.of(corruptJson, tombstone, validAlerts, badUtf8, validChange)) {
            ParsedRecord parsed = deserializer.parse(record, NOW);
            harness.processElement(new StreamRecord<>(parsed, parsed.newestEventTime()));
        }

        List<OpsEvent> expected = new ArrayList<>();
        expected.addAll(
                InputFormat.ALERTMANAGER.parser(FieldMapping.defaults()).parse(validAlerts.value));
        expected.addAll(
                InputFormat.SERVICENOW.parser(FieldMapping.defaults()).parse(validChange.value));
        assertThat(harness.extractOutputValues()).containsExactlyElementsOf(expected).hasSize(4);

        List<DeadLetter> deadLetters = new ArrayList<>();
        for (StreamRecord<DeadLetter> letter :
                harness.getSideOutput(ParsedRecordRouter.DEAD_LETTERS)) {
            deadLetters.add(letter.getValue());
        }
        assertThat(deadLetters).extracting(d -> d.offset).containsExactly(0L, 1L, 3L);
        assertThat(deadLetters)
                .extracting(d -> d.original)
                .containsExactly(corruptJson.value, null, badUtf8.value);
        assertThat(deadLetters).extracting(d -> d.source).containsOnly("ops-input");
        assertThat(deadLetters.get(0).error)
                .startsWith("invalid Alertmanager record: Unexpected end-of-input");
        assertThat(deadLetters.get(1).error).isEqualTo("tombstone: the record has no value");
        assertThat(deadLetters.get(2).error).startsWith("not valid UTF-8");
    }

    @Test
    void recordsWithoutEventsAreParsedNotDeadLettered() throws Exception {
        RawRecord ping =
                record("chef", utf8("{\"event_type\": \"node_ping\", \"node_name\": \"leaf\"}"), 7);

        ParsedRecord parsed = deserializer.parse(ping, NOW);
        harness.processElement(new StreamRecord<>(parsed, parsed.newestEventTime()));

        assertThat(parsed.deadLetter).isNull();
        assertThat(parsed.newestEventTime())
                .as("no events: the watermark does not move")
                .isEqualTo(Long.MIN_VALUE);
        assertThat(harness.extractOutputValues()).isEmpty();
        assertThat(harness.getSideOutput(ParsedRecordRouter.DEAD_LETTERS)).isNullOrEmpty();
    }

    @Test
    void aRecordsEventTimeForTheWatermarkIsItsNewestEvents() {
        RawRecord alerts = record("alertmanager", resource("alertmanager-webhook.json"), 2);
        RawRecord corrupt = record("alertmanager", utf8("{"), 3);

        ParsedRecord parsed = deserializer.parse(alerts, NOW);

        assertThat(parsed.events).hasSizeGreaterThan(1);
        assertThat(parsed.newestEventTime())
                .isEqualTo(
                        Arrays.stream(parsed.events).mapToLong(e -> e.eventTime).max().getAsLong());
        assertThat(deserializer.parse(corrupt, NOW).newestEventTime()).isEqualTo(Long.MIN_VALUE);
    }

    private static RawRecord record(String format, byte[] value, long offset) {
        RawRecord record = RawRecord.of(format, value);
        record.topic = "ops-input";
        record.partition = 0;
        record.offset = offset;
        record.timestamp = Fixtures.millis("2026-11-24T10:30:00Z");
        return record;
    }
}
