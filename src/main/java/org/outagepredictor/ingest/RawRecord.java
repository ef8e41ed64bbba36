package org.outagepredictor.ingest;

/**
 * One record as it came off an input topic or file, before parsing. A Flink POJO.
 *
 * <p>{@link #format} is the configured input format's name ({@link InputFormat#configName()}), set
 * by the source per topic; {@link #value} {@code null} is a Kafka tombstone.
 */
public class RawRecord {

    /** The input format's configuration name, e.g. {@code servicenow} or {@code splunk-hec}. */
    public String format;

    public String topic;
    public int partition;
    public long offset;

    /** The Kafka record's time stamp in epoch milliseconds; 0 or negative (Kafka: -1) if none. */
    public long timestamp;

    public byte[] key;

    /** The record's bytes; {@code null} for a tombstone. */
    public byte[] value;

    public RawRecord() {}

    public static RawRecord of(String format, byte[] value) {
        RawRecord record = new RawRecord();
        record.format = format;
        record.value = value;
        record.timestamp = -1;
        return record;
    }

    @Override
    public String toString() {
        return format + " record " + topic + "/" + partition + "@" + offset;
    }
}
