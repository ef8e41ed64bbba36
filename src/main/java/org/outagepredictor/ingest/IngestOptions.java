package org.outagepredictor.ingest;

import static org.apache.flink.util.Preconditions.checkArgument;

import java.io.Serializable;
import java.time.Duration;
import java.util.List;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.ReadableConfig;

/**
 * Limits that a record must keep to become events; a record that breaks one goes to the dead
 * letters.
 *
 * <ul>
 *   <li>{@code ingest.max-record-bytes} (1 mb): larger records are rejected unparsed.
 *   <li>{@code ingest.max-future-skew} (1 h): an event time this far after the reference time is
 *       rejected.
 *   <li>{@code ingest.max-past-age} (30 d): an event time this far before the reference time is
 *       rejected.
 * </ul>
 *
 * <p>The reference time is the Kafka record's time stamp, or the wall clock when the record has
 * none, so that replaying an old topic does not reject every record as too old.
 */
public final class IngestOptions implements Serializable {

    private static final long serialVersionUID = 1L;

    public static final ConfigOption<MemorySize> MAX_RECORD_BYTES =
            ConfigOptions.key("ingest.max-record-bytes")
                    .memoryType()
                    .defaultValue(MemorySize.parse("1 mb"))
                    .withDescription(
                            "Records larger than this go to the dead letters unparsed: a"
                                    + " runaway sender must not stall the job on one record.");

    public static final ConfigOption<Duration> MAX_FUTURE_SKEW =
            ConfigOptions.key("ingest.max-future-skew")
                    .durationType()
                    .defaultValue(Duration.ofHours(1))
                    .withDescription(
                            "An event time further than this after the record's Kafka time"
                                    + " stamp (or now, if it has none) is rejected as a wrong"
                                    + " clock or time zone: it would hold the watermark back"
                                    + " or push it ahead of all other devices.");

    public static final ConfigOption<Duration> MAX_PAST_AGE =
            ConfigOptions.key("ingest.max-past-age")
                    .durationType()
                    .defaultValue(Duration.ofDays(30))
                    .withDescription(
                            "An event time further than this before the record's Kafka time"
                                    + " stamp (or now, if it has none) is rejected: a wrong"
                                    + " clock, time zone or time format.");

    public final long maxRecordBytes;
    public final long maxFutureSkewMillis;
    public final long maxPastAgeMillis;

    private IngestOptions(ReadableConfig config) {
        maxRecordBytes = config.get(MAX_RECORD_BYTES).getBytes();
        maxFutureSkewMillis = config.get(MAX_FUTURE_SKEW).toMillis();
        maxPastAgeMillis = config.get(MAX_PAST_AGE).toMillis();
        checkArgument(
                maxRecordBytes > 0 && maxRecordBytes <= Integer.MAX_VALUE,
                "%s must be between 1 byte and 2 gb, was %s",
                MAX_RECORD_BYTES.key(),
                config.get(MAX_RECORD_BYTES));
        checkArgument(maxFutureSkewMillis >= 0, "%s must not be negative", MAX_FUTURE_SKEW.key());
        checkArgument(maxPastAgeMillis > 0, "%s must be positive", MAX_PAST_AGE.key());
    }

    public static IngestOptions from(ReadableConfig config) {
        return new IngestOptions(config);
    }

    public static IngestOptions defaults() {
        return from(new Configuration());
    }

    public static List<ConfigOption<?>> options() {
        return List.of(MAX_RECORD_BYTES, MAX_FUTURE_SKEW, MAX_PAST_AGE);
    }
}
