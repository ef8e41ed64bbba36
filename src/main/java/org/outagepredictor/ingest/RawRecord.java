package org.outagepredictor.ingest;

/**
 * One record as an input delivered it, before any parsing: the bytes, where they came from, and the
 * name of the format that the parser for that input expects. A Flink POJO (public no-arg
 * constructor, public fields), so no Kryo is involved.
 *
 * <p>Known limits: Kafka headers are not kept; {@link #timestamp} is the record's Kafka timestamp
 * (create or log-append time, -1 if the producer gave none), not the event time, which parsers take
 * from the payload.
 */
public class RawRecord {

    /** The input's format name, which selects the parser (for example {@code servicenow}). */
    public String format;

    /** Kafka topic the record was read from. */
    public String topic;

    /** Kafka partition the record was read from. */
    public int partition;

    /** Offset of the record in its partition. */
    public long offset;

    /** The record's Kafka timestamp in epoch milliseconds; -1 if it has none. */
    public long timestamp;

    /** The record's key as sent; null if it has none. */
    public byte[] key;

    /** The record's value as sent; null for a tombstone. */
    public byte[] value;

    public RawRecord() {}
}
