package org.outagepredictor.ingest;

import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.util.Collector;
import org.apache.flink.util.Preconditions;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Parses every Kafka record of one input format into one {@link ParsedRecord}, whatever its bytes:
 * what {@link RecordIngester} cannot turn into valid events becomes a dead letter with the topic,
 * partition and offset, so nothing here throws, and a malformed record cannot fail or stall the
 * source. Parsing in the source, rather than after it, gives the source each record's event time,
 * so that it keeps a watermark per partition: a subtask that reads several partitions, one of them
 * behind the others, then holds its watermark back for the slow one instead of making its events
 * late.
 *
 * <p>Known limits: headers are dropped. The key and value arrays are the ones the Kafka consumer
 * created for this record (it copies them out of its fetch buffer), so they are not copied again.
 */
public final class ParsingDeserializer implements KafkaRecordDeserializationSchema<ParsedRecord> {

    private static final long serialVersionUID = 1L;

    private final String format;
    private final RecordIngester ingester;

    public ParsingDeserializer(String format, RecordIngester ingester) {
        this.format = format;
        this.ingester = Preconditions.checkNotNull(ingester, "ingester must not be null");
    }

    @Override
    public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<ParsedRecord> out) {
        RawRecord raw = new RawRecord();
        raw.format = format;
        raw.topic = record.topic();
        raw.partition = record.partition();
        raw.offset = record.offset();
        raw.timestamp = record.timestamp();
        raw.key = record.key();
        raw.value = record.value();
        out.collect(parse(raw, System.currentTimeMillis()));
    }

    /** The record parsed, with {@code now} as the wall clock ({@link RecordIngester#ingest}). */
    ParsedRecord parse(RawRecord raw, long now) {
        return ParsedRecord.of(raw, ingester.ingest(raw, now));
    }

    @Override
    public TypeInformation<ParsedRecord> getProducedType() {
        return TypeInformation.of(ParsedRecord.class);
    }
}
