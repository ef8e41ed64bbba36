package org.outagepredictor.ingest;

import java.nio.charset.StandardCharsets;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Writes a {@link KeyedJson} to one topic as a UTF-8 key and a UTF-8 JSON value. The partition is
 * left to the producer, which hashes the key, so records with the same key stay in order.
 *
 * <p>The record timestamp is the producer's clock (the time of writing), not the element's event
 * time: a replay of old events would otherwise write records that time-based retention deletes at
 * once. The event time is in the JSON. Known limits: no headers.
 */
public final class KeyedJsonSerializer implements KafkaRecordSerializationSchema<KeyedJson> {

    private static final long serialVersionUID = 1L;

    private final String topic;

    public KeyedJsonSerializer(String topic) {
        this.topic = topic;
    }

    @Override
    public ProducerRecord<byte[], byte[]> serialize(
            KeyedJson element, KafkaSinkContext context, Long timestamp) {
        return new ProducerRecord<>(topic, utf8(element.key), utf8(element.json));
    }

    private static byte[] utf8(String text) {
        return text == null ? null : text.getBytes(StandardCharsets.UTF_8);
    }
}
