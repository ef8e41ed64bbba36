package org.outagepredictor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.outagepredictor.event.EventKind;
import org.outagepredictor.ingest.FieldMapping;
import org.outagepredictor.ingest.IngestOptions;
import org.outagepredictor.ingest.IngestResult;
import org.outagepredictor.ingest.InputFormat;
import org.outagepredictor.ingest.KafkaOptions;
import org.outagepredictor.ingest.RawRecord;
import org.outagepredictor.ingest.RecordIngester;
import org.outagepredictor.testutils.FinalCounts;
import org.outagepredictor.testutils.KafkaBrokerExtension;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Poison input, in the manner of Kafka Streams' corrupted-records test: real records of every
 * supported format (the project's samples and ../shared/datasets) with 7 malformed variants of each
 * format's first record among them, 56 in all, on a real broker. The prediction job, with restarts
 * switched off so that a single failure would fail the test, parses every valid record into exactly
 * the events plain parsing gives, puts exactly the malformed records on the dead-letter topic (each
 * with its topic and offset), and finishes.
 */
class BadInputITCase {

    private static final Logger LOG = LoggerFactory.getLogger(BadInputITCase.class);

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path DATASETS = Path.of("../shared/datasets");

    @RegisterExtension
    @Order(1)
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @RegisterExtension
    @Order(2)
    static final MiniClusterExtension CLUSTER =
            new MiniClusterExtension(
                    () -> {
                        Configuration config = new Configuration();
                        config.setString("restart-strategy.type", "none");
                        FinalCounts.configure(config);
                        return new MiniClusterResourceConfiguration.Builder()
                                .setNumberTaskManagers(1)
                                .setNumberSlotsPerTaskManager(2)
                                .setConfiguration(config)
                                .build();
                    });

    @Test
    void malformedRecordsBecomeDeadLettersAndValidOnesEventsWithoutARestart() throws Exception {
        Map<InputFormat, List<byte[]>> valid = validRecords();
        StringBuilder inputs = new StringBuilder();
        for (InputFormat format : valid.keySet()) {
            KAFKA.createTopic(topic(format), 2);
            inputs.append(inputs.length() == 0 ? "" : ";")
                    .append(format.configName())
                    .append(':')
                    .append(topic(format));
        }
        Configuration options = KAFKA.jobOptions(inputs.toString(), "bad-" + UUID.randomUUID());
        // The samples are years old; only their content is on trial here.
        options.set(IngestOptions.MAX_PAST_AGE, Duration.ofDays(365 * 30));
        options.set(PredictionJob.PRINT_ALERTS, false);

        // What plain parsing makes of the valid records: the events the job must see.
        RecordIngester ingester =
                new RecordIngester(IngestOptions.from(options), FieldMapping.from(options));
        long now = System.currentTimeMillis();
        long validEvents = 0;
        for (Map.Entry<InputFormat, List<byte[]>> entry : valid.entrySet()) {
            for (byte[] value : entry.getValue()) {
                IngestResult result =
                        ingester.ingest(RawRecord.of(entry.getKey().configName(), value), now);
                assertThat(result.isDeadLetter())
                        .as("a valid %s sample: %s", entry.getKey(), result.deadLetter())
                        .isFalse();
                validEvents += result.events().size();
            }
        }
        List<String> malformed = produce(valid, now);
        assertThat(malformed).hasSizeGreaterThanOrEqualTo(50);

        FinalCounts.clear();
        KafkaBrokerExtension.runToTheEnd(options, 2, 500);

        List<String> deadLetters = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record :
                KAFKA.readCommitted(options.get(KafkaOptions.DEAD_LETTERS_TOPIC))) {
            JsonNode letter = JSON.readTree(record.value());
            assertThat(letter.path("error").asText()).isNotBlank();
            deadLetters.add(
                    letter.path("source").asText()
                            + "/"
                            + letter.path("partition").asInt()
                            + "@"
                            + letter.path("offset").asLong());
        }
        long eventsIn =
                Arrays.stream(EventKind.values())
                        .mapToLong(kind -> FinalCounts.total("eventsIn_" + kind.name()))
                        .sum();
        LOG.info(
                "Figures: {} valid records giving {} events, {} malformed records; {} dead"
                        + " letters, {} events into the features, {} parsed, {} dead-lettered",
                valid.values().stream().mapToInt(List::size).sum(),
                validEvents,
                malformed.size(),
                deadLetters.size(),
                eventsIn,
                FinalCounts.total("eventsOut"),
                FinalCounts.total("recordsDeadLettered"));

        assertThat(deadLetters)
                .as("the dead-letter topic holds the malformed records, each once")
                .containsExactlyInAnyOrderElementsOf(malformed);
        assertThat(FinalCounts.total("recordsDeadLettered")).isEqualTo(malformed.size());
        assertThat(FinalCounts.total("eventsOut"))
                .as("events parsed from the valid records")
                .isEqualTo(validEvents);
        assertThat(eventsIn).as("events reaching the per-device features").isEqualTo(validEvents);
    }

    /** Real records of every format: the project's samples and ../shared/datasets. */
    private static Map<InputFormat, List<byte[]>> validRecords() throws IOException {
        Map<InputFormat, List<byte[]>> records = new LinkedHashMap<>();
        records.put(
                InputFormat.SERVICENOW,
                List.of(
                        resource("servicenow-incident.json"),
                        resource("servicenow-change-envelope.json")));
        records.put(
                InputFormat.PUPPET,
                List.of(
                        resource("puppet-report-format12.json"),
                        dataset("puppet-reports/report2.6.x.yaml")));
        records.put(
                InputFormat.CHEF,
                List.of(
                        dataset("chef-automate-ingest-examples/converge-failure-report.json"),
                        dataset("chef-automate-ingest-examples/converge-success-report.json"),
                        dataset("chef-automate-ingest-examples/action_node_create.json")));
        List<byte[]> panos = new ArrayList<>();
        for (String file :
                List.of(
                        "panos-syslog-samples/test-panw-panos-system-sample.log",
                        "panos-syslog-samples/test-panw-panos-config-sample.log")) {
            for (String line : Files.readAllLines(DATASETS.resolve(file), StandardCharsets.UTF_8)) {
                if (!line.isBlank()) {
                    panos.add(line.getBytes(StandardCharsets.UTF_8));
                }
            }
        }
        records.put(InputFormat.PANOS, panos);
        records.put(InputFormat.SPLUNK_HEC, List.of(resource("splunk-hec.json")));
        records.put(InputFormat.SOLARWINDS, List.of(resource("solarwinds-trigger.json")));
        records.put(InputFormat.ALERTMANAGER, List.of(resource("alertmanager-webhook.json")));
        records.put(InputFormat.GENERIC_JSON, List.of(resource("generic-json.json")));
        return records;
    }

    /**
     * Seven ways a record goes bad on its way from a tool: empty, cut short, binary garbage, an
     * error page instead of the payload, the wrong shape, broken UTF-8, and a null document.
     */
    private static List<byte[]> malformedVariants(byte[] valid) {
        return List.of(
                new byte[0],
                Arrays.copyOf(valid, valid.length / 2),
                new byte[] {0, (byte) 0xFF, (byte) 0xFE, 'x', 0, 0x7F},
                utf8("<html><body><h1>502 Bad Gateway</h1></body></html>"),
                utf8("[1, 2, 3]"),
                new byte[] {(byte) 0xC3, 0x28, (byte) 0xA0, (byte) 0xA1},
                utf8("null"));
    }

    /**
     * Sends the valid records, each format's malformed variants in their midst; returns where the
     * malformed ones went, as "topic/partition@offset".
     */
    private static List<String> produce(Map<InputFormat, List<byte[]>> valid, long now)
            throws Exception {
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        List<Integer> malformedAt = new ArrayList<>();
        for (Map.Entry<InputFormat, List<byte[]>> entry : valid.entrySet()) {
            String topic = topic(entry.getKey());
            List<byte[]> values = entry.getValue();
            records.add(new ProducerRecord<>(topic, null, now, null, values.get(0)));
            for (byte[] bad : malformedVariants(values.get(0))) {
                malformedAt.add(records.size());
                records.add(new ProducerRecord<>(topic, null, now, null, bad));
            }
            for (byte[] value : values.subList(1, values.size())) {
                records.add(new ProducerRecord<>(topic, null, now, null, value));
            }
        }
        List<RecordMetadata> written = KAFKA.produce(records);
        List<String> malformed = new ArrayList<>();
        for (int i : malformedAt) {
            RecordMetadata at = written.get(i);
            malformed.add(at.topic() + "/" + at.partition() + "@" + at.offset());
        }
        return malformed;
    }

    private static String topic(InputFormat format) {
        return "bad." + format.configName();
    }

    private static byte[] resource(String name) throws IOException {
        try (InputStream in = BadInputITCase.class.getResourceAsStream("/ingest/" + name)) {
            return in.readAllBytes();
        }
    }

    private static byte[] dataset(String relative) throws IOException {
        return Files.readAllBytes(DATASETS.resolve(relative));
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
