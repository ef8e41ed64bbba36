package org.outagepredictor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.outagepredictor.alerting.Alert;
import org.outagepredictor.features.FeatureOptions;
import org.outagepredictor.ingest.KafkaOptions;
import org.outagepredictor.testutils.KafkaBrokerExtension;
import org.outagepredictor.testutils.MiniClusters;

/**
 * The prediction job on a real Kafka broker, fed with the tools' native records: generic JSON logs,
 * a ServiceNow change request and Splunk HEC errors for one device, quiet logs for another, and
 * corrupt records in between. A read_committed consumer finds the predicted outage on the alerts
 * topic, with the ServiceNow change as its suspect, and the dead-letter topic holds exactly the
 * corrupt records, each with its topic, partition and offset.
 */
class PredictionJobKafkaITCase {

    private static final String EVENTS = "it.events";
    private static final String SERVICENOW = "it.servicenow";
    private static final String SPLUNK = "it.splunk";
    private static final String ALERTS = "it.alerts";
    private static final String DEAD_LETTERS = "it.dead-letters";
    private static final String MODEL_VERSIONS = "it.model-versions";
    private static final String SCORES = "it.scores";

    private static final long MINUTE = 60_000L;
    private static final DateTimeFormatter SERVICENOW_TIME =
            DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT)
                    .withZone(ZoneOffset.UTC);

    @RegisterExtension
    @Order(1)
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @RegisterExtension
    @Order(2)
    static final MiniClusterExtension CLUSTER = MiniClusters.oneTaskManager(2);

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void nativeRecordsOnTheInputTopicsEndAsAlertsOnTheAlertsTopic() throws Exception {
        for (String topic : List.of(EVENTS, SERVICENOW, SPLUNK, ALERTS, DEAD_LETTERS, SCORES)) {
            KAFKA.createTopic(topic, 2);
        }
        KAFKA.createTopic(MODEL_VERSIONS, 1);
        // An hour ago, so that the records are within ingest.max-past-age of their Kafka time.
        long t0 = (System.currentTimeMillis() - 60 * MINUTE) / MINUTE * MINUTE;
        List<String> corrupt = produce(t0);

        Configuration options = new Configuration();
        options.set(PredictionJob.INPUT, PredictionJob.Input.KAFKA);
        options.set(KafkaOptions.BOOTSTRAP_SERVERS, KAFKA.bootstrapServers());
        options.set(KafkaOptions.GROUP_ID, "it-" + UUID.randomUUID());
        options.set(
                KafkaOptions.INPUTS,
                "generic-json:" + EVENTS + ";servicenow:" + SERVICENOW + ";splunk-hec:" + SPLUNK);
        options.set(KafkaOptions.STARTING_OFFSETS, KafkaOptions.StartingOffsets.EARLIEST);
        options.set(KafkaOptions.ALERTS_TOPIC, ALERTS);
        options.set(KafkaOptions.DEAD_LETTERS_TOPIC, DEAD_LETTERS);
        options.set(KafkaOptions.MODEL_VERSIONS_TOPIC, MODEL_VERSIONS);
        options.set(KafkaOptions.SCORES_TOPIC, SCORES);
        options.set(KafkaOptions.TRANSACTIONAL_ID_PREFIX, "it-" + UUID.randomUUID());
        options.set(KafkaOptions.TRANSACTION_TIMEOUT, Duration.ofMinutes(1));
        options.set(FeatureOptions.WARMUP, Duration.ofMinutes(10));
        options.set(PredictionJob.PRINT_ALERTS, false);

        List<Alert> local = KafkaBrokerExtension.runToTheEnd(options, 2, 500);

        List<JsonNode> alerts = readCommitted(ALERTS);
        List<JsonNode> triggers =
                alerts.stream().filter(a -> a.get("status").asText().equals("TRIGGER")).toList();
        assertThat(triggers).extracting(a -> a.get("deviceId").asText()).containsExactly("web01");
        JsonNode trigger = triggers.get(0);
        assertThat(trigger.get("probability").asDouble()).isGreaterThanOrEqualTo(0.4);
        assertThat(trigger.get("modelVersion").asLong()).isEqualTo(1L);
        assertThat(trigger.get("suspectChanges").get(0).get("id").asText()).isEqualTo("CHG0031234");
        assertThat(alerts)
                .as("the alerts topic holds what the job alerted, once")
                .hasSameSizeAs(local);

        List<JsonNode> scores = readCommitted(SCORES);
        assertThat(scores)
                .as("every device's scores, each as the Score JSON")
                .extracting(s -> s.get("deviceId").asText())
                .contains("web01", "db02");
        assertThat(scores)
                .allSatisfy(s -> assertThat(s.get("modelVersion").asLong()).isEqualTo(1L));
        assertThat(scores)
                .anySatisfy(
                        s ->
                                assertThat(s.get("probability").asDouble())
                                        .isEqualTo(trigger.get("probability").asDouble()));

        List<JsonNode> deadLetters = readCommitted(DEAD_LETTERS);
        assertThat(deadLetters)
                .extracting(
                        d ->
                                d.get("source").asText()
                                        + "/"
                                        + d.get("partition").asInt()
                                        + "@"
                                        + d.get("offset").asLong())
                .containsExactlyInAnyOrderElementsOf(corrupt);
        assertThat(deadLetters).allSatisfy(d -> assertThat(d.get("error").asText()).isNotBlank());
    }

    /**
     * Writes the story; returns where the corrupt records went, as "topic/partition@offset".
     *
     * <p>web01: an info log and a metric every minute (warm-up is 10 min), a failed emergency
     * change in ServiceNow at minute 30, then error bursts in Splunk. db02: the same quiet logs and
     * metrics, nothing else. Between them: a tombstone, bytes that are not UTF-8, and JSON without
     * a device.
     */
    private static List<String> produce(long t0) throws Exception {
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        for (int minute = 0; minute < 40; minute++) {
            long t = t0 + minute * MINUTE;
            for (String device : List.of("web01", "db02")) {
                records.add(
                        record(
                                EVENTS,
                                device,
                                String.format(
                                        Locale.ROOT,
                                        "{\"device\":\"%s\",\"time\":%d,\"kind\":\"log\","
                                                + "\"severity\":\"info\",\"source\":\"syslog\","
                                                + "\"summary\":\"heartbeat\"}",
                                        device,
                                        t)));
                records.add(
                        record(
                                EVENTS,
                                device,
                                String.format(
                                        Locale.ROOT,
                                        "{\"device\":\"%s\",\"time\":%d,\"kind\":\"metric\","
                                                + "\"metric\":\"cpu\",\"value\":%.1f}",
                                        device,
                                        t + 1,
                                        30.0 + minute % 3)));
            }
        }
        records.add(
                record(
                        SERVICENOW,
                        "CHG0031234",
                        "{\"number\":\"CHG0031234\",\"cmdb_ci\":\"WEB01\",\"type\":\"emergency\","
                                + "\"start_date\":\""
                                + SERVICENOW_TIME.format(Instant.ofEpochMilli(t0 + 30 * MINUTE))
                                + "\",\"opened_at\":\""
                                + SERVICENOW_TIME.format(Instant.ofEpochMilli(t0 + 29 * MINUTE))
                                + "\",\"state\":\"3\",\"close_code\":\"unsuccessful\","
                                + "\"short_description\":\"Upgrade TLS library\"}"));
        for (int second = 0; second < 600; second += 10) {
            long t = t0 + 31 * MINUTE + second * 1000L;
            records.add(
                    record(
                            SPLUNK,
                            "web01",
                            String.format(
                                    Locale.ROOT,
                                    "{\"time\":%.3f,\"host\":\"web01.corp.example.com\","
                                            + "\"event\":\"ERROR TLS handshake failed\","
                                            + "\"fields\":{\"severity\":\"error\"}}",
                                    t / 1000.0)));
        }
        List<Integer> corruptAt = new ArrayList<>();
        corruptAt.add(records.size());
        records.add(new ProducerRecord<>(EVENTS, utf8("web01"), null));
        corruptAt.add(records.size());
        records.add(
                new ProducerRecord<>(
                        EVENTS, utf8("web01"), new byte[] {(byte) 0xC3, 0x28, (byte) 0xFF}));
        corruptAt.add(records.size());
        records.add(
                record(SPLUNK, "web01", "{\"time\":1795514400.25,\"event\":\"no host at all\"}"));
        records.add(
                record(
                        EVENTS,
                        "web01",
                        "{\"device\":\"web01\",\"time\":"
                                + (t0 + 41 * MINUTE)
                                + ",\"kind\":\"log\",\"severity\":\"info\"}"));

        List<RecordMetadata> written = KAFKA.produce(records);
        List<String> corrupt = new ArrayList<>();
        for (int i : corruptAt) {
            RecordMetadata at = written.get(i);
            corrupt.add(at.topic() + "/" + at.partition() + "@" + at.offset());
        }
        return corrupt;
    }

    private static ProducerRecord<byte[], byte[]> record(String topic, String key, String value) {
        return new ProducerRecord<>(topic, utf8(key), utf8(value));
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /** Everything committed to {@code topic}, as JSON, in offset order per partition. */
    private static List<JsonNode> readCommitted(String topic) throws Exception {
        List<JsonNode> values = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : KAFKA.readCommitted(topic)) {
            values.add(JSON.readTree(record.value()));
        }
        return values;
    }
}
