package org.outagepredictor.ingest;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Turns every Kafka record into one {@link RawRecord}, whatever its bytes: it never throws, so a
 * malformed record cannot fail or stall the source. Deciding whether the bytes make sense is the
 * parser's job, which sends what it cannot read to the dead-letter output with the topic, partition
 * and offset kept here.
 *
 * <p>Known limits: headers are dropped. The key and value arrays are the ones the Kafka consumer
 * created for this record (it copies them out of its fetch buffer), so they are not copied again.
 */
public final class RawRecordDeserializer implements KafkaRecordDeserializationSchema<RawRecord> {

    private static final long serialVersionUID = 1L;

    private final String format;

    public RawRecordDeserializer(String format) {
        this.format = format;
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<RawRecord> out) {
        RawRecord raw = new RawRecord();
        raw.format = format;
        raw.topic = record.topic();
        raw.partition = record.partition();
        raw.offset = record.offset();
        raw.timestamp = record.timestamp();
        raw.key = record.key();
        raw.value = record.value();
        out.collect(raw);
    }

    @Override
    public TypeInformation<RawRecord> getProducedType() {
        return TypeInformation.of(RawRecord.class);
    }
}
