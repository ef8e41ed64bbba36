package org.outagepredictor.ingest;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Future;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.outagepredictor.testutils.KafkaBrokerExtension;
import org.outagepredictor.testutils.MiniClusters;

/**
 * Kafka in, Kafka out, on a real broker: records produced to two input topics (one of them with a
 * tombstone, a record without key and bytes that are not UTF-8) are read and parsed by {@link
 * KafkaInputs} at parallelism 2 and written through the exactly-once {@link KafkaOutputs#alerts}
 * sink. A read_committed consumer then finds each input record in the output exactly once, with its
 * format, topic, partition and offset, and each that gave no events as its dead letter with its
 * bytes intact.
 */
class KafkaRoundTripITCase {

    private static final int PARALLELISM = 2;
    private static final String SERVICENOW_TOPIC = "it.servicenow";
    private static final String EVENTS_TOPIC = "it.events";
    private static final String OUTPUT_TOPIC = "it.output";
    private static final int RECORDS_PER_TOPIC = 200;

    @RegisterExtension
    @Order(1)
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @RegisterExtension
    @Order(2)
    static final MiniClusterExtension CLUSTER = MiniClusters.oneTaskManager(PARALLELISM);

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyRecordArrivesOnceWithItsMetadata() throws Exception {
        KAFKA.createTopic(SERVICENOW_TOPIC, 2);
        KAFKA.createTopic(EVENTS_TOPIC, 3);
        KAFKA.createTopic(OUTPUT_TOPIC, 2);
        Map<String, Expected> expected = produceInputs();

        Configuration options = new Configuration();
        options.set(KafkaOptions.BOOTSTRAP_SERVERS, KAFKA.bootstrapServers());
        options.set(KafkaOptions.GROUP_ID, "round-trip-" + UUID.randomUUID());
        options.set(
                KafkaOptions.INPUTS,
                "servicenow:" + SERVICENOW_TOPIC + "; generic-json:" + EVENTS_TOPIC);
        options.set(KafkaOptions.STARTING_OFFSETS, KafkaOptions.StartingOffsets.EARLIEST);
        options.set(KafkaOptions.ALERTS_TOPIC, OUTPUT_TOPIC);
        options.set(KafkaOptions.TRANSACTIONAL_ID_PREFIX, "round-trip-" + UUID.randomUUID());
        options.set(KafkaOptions.TRANSACTION_TIMEOUT, Duration.ofMinutes(1));
        // A setting passed through to the consumers, as an operator would give one.
        options.setString(KafkaOptions.PROPERTIES_PREFIX + "fetch.max.wait.ms", "100");
        KafkaOptions kafka = KafkaOptions.from(options);

        Configuration pipeline = new Configuration();
        pipeline.set(PipelineOptions.GENERIC_TYPES, false);
        pipeline.set(PipelineOptions.AUTO_GENERATE_UIDS, false);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.configure(pipeline);
        env.setParallelism(PARALLELISM);
        // The exactly-once sink commits a transaction per checkpoint, the last one when the
        // bounded job ends.
        env.enableCheckpointing(500);
        KafkaInputs.from(kafka)
                .boundedAt(OffsetsInitializer.latest())
                .addTo(
                        env,
                        new RecordIngester(IngestOptions.from(options), FieldMapping.from(options)),
                        WatermarkStrategy.noWatermarks())
                .map(new Describe())
                .uid("describe")
                .name("Describe the parsed record as JSON")
                .sinkTo(KafkaOutputs.alerts(kafka))
                .uid("output")
                .name("Exactly-once output");
        env.execute("Kafka round trip");

        Map<String, JsonNode> output = readCommitted();
        assertThat(output.keySet()).containsExactlyInAnyOrderElementsOf(expected.keySet());
        expected.forEach(
                (id, record) -> {
                    JsonNode json = output.get(id);
                    assertThat(json.get("format").asText()).as(id).isEqualTo(record.format);
                    JsonNode letter = json.get("deadLetter");
                    if (record.value == null || record.value[0] == (byte) 0xC3) {
                        assertThat(letter.isNull()).as(id + ": a dead letter").isFalse();
                    }
                    if (!letter.isNull()) {
                        assertThat(bytes(letter.get("original"))).as(id).isEqualTo(record.value);
                        assertThat(letter.get("source").asText()).as(id).startsWith("it.");
                    }
                });
        assertThat(output.values())
                .as("records parsed into events")
                .anyMatch(json -> json.get("events").asInt() > 0);
    }

    /** What the job should find for one input record, by "topic/partition/offset". */
    private static final class Expected {
        final String format;
        final byte[] value;

        Expected(String format, byte[] value) {
            this.format = format;
            this.value = value;
        }
    }

    /** Writes the inputs; returns them by where Kafka put them. */
    private static Map<String, Expected> produceInputs() throws Exception {
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        long start = 1_767_225_600_000L; // 2026-01-01T00:00:00Z
        List<ProducerRecord<byte[], byte[]>> records = new ArrayList<>();
        List<String> formats = new ArrayList<>();
        for (int i = 0; i < RECORDS_PER_TOPIC; i++) {
            records.add(
                    new ProducerRecord<>(
                            SERVICENOW_TOPIC,
                            null,
                            start + i,
                            utf8("CHG" + i),
                            utf8("{\"number\":\"CHG" + i + "\"}")));
            formats.add("servicenow");
            byte[] value =
                    switch (i) {
                        case 0 -> null; // a tombstone
                        case 1 -> new byte[] {(byte) 0xC3, 0x28, (byte) 0xFF, 0, (byte) 0xFE};
                        default ->
                                utf8(
                                        "{\"device\":\"srv-"
                                                + i
                                                + "\",\"time\":"
                                                + (start + i)
                                                + ",\"kind\":\"log\",\"severity\":\"ERROR\"}");
                    };
            // Record 2 has no key, so the producer spreads it over partitions.
            byte[] key = i == 2 ? null : utf8("srv-" + i % 17);
            records.add(new ProducerRecord<>(EVENTS_TOPIC, null, start + i, key, value));
            formats.add("generic-json");
        }
        Map<String, Expected> expected = new HashMap<>();
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(properties)) {
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            for (ProducerRecord<byte[], byte[]> record : records) {
                sent.add(producer.send(record));
            }
            for (int i = 0; i < records.size(); i++) {
                RecordMetadata metadata = sent.get(i).get();
                ProducerRecord<byte[], byte[]> record = records.get(i);
                expected.put(
                        id(metadata.topic(), metadata.partition(), metadata.offset()),
                        new Expected(formats.get(i), record.value()));
            }
        }
        assertThat(expected).hasSize(2 * RECORDS_PER_TOPIC);
        assertThat(expected.keySet())
                .as("records in every partition of both topics")
                .anyMatch(id -> id.startsWith(SERVICENOW_TOPIC + "/1/"))
                .anyMatch(id -> id.startsWith(EVENTS_TOPIC + "/2/"));
        return expected;
    }

    /** The whole output topic as a read_committed consumer sees it, by output key. */
    private static Map<String, JsonNode> readCommitted() throws Exception {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        Map<String, JsonNode> output = new HashMap<>();
        List<String> duplicates = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(properties)) {
            List<TopicPartition> partitions = new ArrayList<>();
            consumer.partitionsFor(OUTPUT_TOPIC)
                    .forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            // With read_committed, the end offsets are the last stable offsets: everything
            // committed, nothing of a transaction still open.
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            // Transactions leave a commit marker in each partition they wrote to, which takes an
            // offset of its own: more offsets than records shows the records came in transactions.
            assertThat(end.values().stream().mapToLong(Long::longValue).sum())
                    .as("offsets used in the output, records and transaction markers")
                    .isGreaterThan(2L * RECORDS_PER_TOPIC);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))
                    && System.nanoTime() < deadline) {
                for (ConsumerRecord<byte[], byte[]> record :
                        consumer.poll(Duration.ofMillis(200))) {
                    String key = new String(record.key(), StandardCharsets.UTF_8);
                    if (output.put(key, JSON.readTree(record.value())) != null) {
                        duplicates.add(key);
                    }
                }
            }
        }
        assertThat(duplicates).as("records written twice").isEmpty();
        return output;
    }

    /** The parsed record as JSON, keyed by where it was read: its events, or its dead letter. */
    private static final class Describe implements MapFunction<ParsedRecord, KeyedJson> {
        @Override
        public KeyedJson map(ParsedRecord parsed) throws Exception {
            ObjectNode json = JSON.createObjectNode();
            json.put("format", parsed.format);
            json.put("events", parsed.events.length);
            json.set(
                    "deadLetter",
                    parsed.deadLetter == null
                            ? JSON.nullNode()
                            : JSON.readTree(parsed.deadLetter.toJson()));
            return new KeyedJson(
                    id(parsed.source, parsed.partition, parsed.offset),
                    JSON.writeValueAsString(json));
        }
    }

    private static String id(String topic, int partition, long offset) {
        return topic + "/" + partition + "/" + offset;
    }

    private static byte[] bytes(JsonNode base64) {
        return base64.isNull() ? null : Base64.getDecoder().decode(base64.asText());
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
