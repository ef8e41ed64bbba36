package org.outagepredictor.ingest;

/**
 * A record for an output topic: a JSON document and the key that Kafka partitions it by. Outputs
 * key by what must stay in order (an alert's dedup key, a device id), since Kafka orders records
 * only within a partition. A Flink POJO.
 *
 * <p>Known limits: the JSON is taken as given, not validated; a null {@link #json} is written as a
 * tombstone (a null value), which on a compacted topic deletes the key.
 */
public class KeyedJson {

    /** The record key, UTF-8 encoded; null for no key (records then spread over partitions). */
    public String key;

    /** The record value, one JSON document, UTF-8 encoded; null for a tombstone. */
    public String json;

    public KeyedJson() {}

    public KeyedJson(String key, String json) {
        this.key = key;
        this.json = json;
    }
}
