package org.outagepredictor.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Objects;

/**
 * A record that could not be turned into events: where it came from, why, and its original bytes,
 * so that it can be inspected and replayed once the mapping or the sender is fixed. A Flink POJO;
 * {@link #toJson()} is the form written to the dead-letter topic.
 */
public class DeadLetter {

    /** The topic (or file) the record came from. */
    public String source;

    public int partition;
    public long offset;

    /** The input format the record was parsed as. */
    public String format;

    /** What was wrong, naming the field. */
    public String error;

    /** The record's bytes as received; {@code null} for a tombstone. */
    public byte[] original;

    /** When parsing failed, epoch milliseconds (processing time). */
    public long failedAt;

    public DeadLetter() {}

    public static DeadLetter of(RawRecord record, String error, long failedAt) {
        DeadLetter letter = new DeadLetter();
        letter.source = record.topic;
        letter.partition = record.partition;
        letter.offset = record.offset;
        letter.format = record.format;
        letter.error = error;
        letter.original = record.value;
        letter.failedAt = failedAt;
        return letter;
    }

    /**
     * One JSON object: {@code source}, {@code partition}, {@code offset}, {@code format}, {@code
     * error}, {@code failedAt} and {@code original} (the bytes in base64, or null).
     */
    public String toJson() {
        ObjectNode json = Json.MAPPER.createObjectNode();
        json.put("source", source);
        json.put("partition", partition);
        json.put("offset", offset);
        json.put("format", format);
        json.put("error", error);
        json.put("failedAt", failedAt);
        json.put("original", original);
        try {
            return Json.MAPPER.writeValueAsString(json);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof DeadLetter)) {
            return false;
        }
        DeadLetter that = (DeadLetter) o;
        return partition == that.partition
                && offset == that.offset
                && failedAt == that.failedAt
                && Objects.equals(source, that.source)
                && Objects.equals(format, that.format)
                && Objects.equals(error, that.error)
                && Arrays.equals(original, that.original);
    }

    @Override
    public int hashCode() {
        return Objects.hash(source, partition, offset);
    }

    @Override
    public String toString() {
        return "dead letter " + source + "/" + partition + "@" + offset + ": " + error;
    }
}
