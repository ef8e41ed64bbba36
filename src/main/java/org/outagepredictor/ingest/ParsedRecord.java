package org.outagepredictor.ingest;

import org.outagepredictor.event.OpsEvent;

/**
 * One input record after parsing: its events, or its dead letter. What the Kafka sources emit, so
 * that they know each record's event time and keep a watermark per partition. A Flink POJO.
 */
public class ParsedRecord {

    /** The input format the record was parsed as (its configuration name). */
    public String format;

    /** Where the record was read: topic, partition and offset. */
    public String source;

    public int partition;
    public long offset;

    /** The record's events, possibly none (an unchanged Puppet run); none for a dead letter. */
    public OpsEvent[] events;

    /** Why the record gave no events, with its bytes; {@code null} for a valid record. */
    public DeadLetter deadLetter;

    public ParsedRecord() {}

    static ParsedRecord of(RawRecord raw, IngestResult result) {
        ParsedRecord parsed = new ParsedRecord();
        parsed.format = raw.format;
        parsed.source = raw.topic;
        parsed.partition = raw.partition;
        parsed.offset = raw.offset;
        parsed.events = result.events().toArray(new OpsEvent[0]);
        parsed.deadLetter = result.deadLetter();
        return parsed;
    }

    /**
     * The newest event time of the record's events, for the source's watermark; {@link
     * Long#MIN_VALUE} for a record without events, which so does not move the watermark.
     */
    public long newestEventTime() {
        long newest = Long.MIN_VALUE;
        if (events != null) {
            for (OpsEvent event : events) {
                newest = Math.max(newest, event.eventTime);
            }
        }
        return newest;
    }
}
