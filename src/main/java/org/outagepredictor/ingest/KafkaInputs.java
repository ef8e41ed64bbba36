package org.outagepredictor.ingest;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.KafkaSourceBuilder;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.outagepredictor.Operators;

/**
 * The job's Kafka inputs: one {@link KafkaSource} of {@link RawRecord}s per format in {@code
 * kafka.inputs}, reading that format's topics (see {@link KafkaOptions} for every option).
 *
 * <pre>{@code
 * DataStream<RawRecord> raw = KafkaInputs.from(options).addTo(env);          // a job
 * KafkaInputs.from(options).boundedAt(OffsetsInitializer.latest()).addTo(env); // tests, replays
 * }</pre>
 *
 * <ul>
 *   <li>Records are never dropped or failed on: {@link RawRecordDeserializer} turns any bytes into
 *       a RawRecord (tombstones have a null value), and parsing comes after.
 *   <li>The sources emit no watermarks: event time is in the payload, so watermarks are assigned
 *       after parsing with {@link KafkaOptions#watermarks}.
 *   <li>With checkpointing on, each source commits its offsets to {@code kafka.group-id} when a
 *       checkpoint completes (the connector's default, {@code commit.offsets.on.checkpoint}). The
 *       committed offsets are for lag monitoring and for {@code committed-or-earliest} starts; a
 *       restore from a checkpoint or savepoint uses the offsets in it. Without checkpointing
 *       nothing is committed.
 *   <li>New partitions are found every 5 minutes in unbounded mode (the connector's default; set
 *       {@code kafka.properties.partition.discovery.interval.ms} to change it).
 * </ul>
 *
 * <p>Known limits: topics are named, not matched by pattern; all inputs share one consumer group
 * and cluster; each source runs at the job's parallelism, and subtasks beyond the partition count
 * stay idle.
 */
public final class KafkaInputs {

    private final KafkaOptions options;
    private final OffsetsInitializer stoppingOffsets;

    private KafkaInputs(KafkaOptions options, OffsetsInitializer stoppingOffsets) {
        this.options = options;
        this.stoppingOffsets = stoppingOffsets;
    }

    /** Unbounded inputs, as a job reads them. */
    public static KafkaInputs from(KafkaOptions options) {
        return new KafkaInputs(options, null);
    }

    /** The same inputs, each ending at {@code stoppingOffsets} (for example latest at start). */
    public KafkaInputs boundedAt(OffsetsInitializer stoppingOffsets) {
        return new KafkaInputs(options, stoppingOffsets);
    }

    /** One source per format, in the order of {@code kafka.inputs}. */
    public Map<String, KafkaSource<RawRecord>> sources() {
        Map<String, KafkaSource<RawRecord>> sources = new LinkedHashMap<>();
        options.inputs.forEach((format, topics) -> sources.put(format, source(format, topics)));
        return sources;
    }

    /**
     * Every source added to {@code env} without watermarks, with uid {@code kafka-input-<format>}
     * and name "Kafka input <format>", as one stream.
     */
    public DataStream<RawRecord> addTo(StreamExecutionEnvironment env) {
        DataStream<RawRecord> all = null;
        for (Map.Entry<String, KafkaSource<RawRecord>> input : sources().entrySet()) {
            String format = input.getKey();
            DataStream<RawRecord> stream =
                    env.fromSource(
                                    input.getValue(),
                                    WatermarkStrategy.noWatermarks(),
                                    Operators.KAFKA_INPUT.displayName + " " + format)
                            .uid(Operators.KAFKA_INPUT.uid + "-" + format);
            all = all == null ? stream : all.union(stream);
        }
        return all;
    }

    private KafkaSource<RawRecord> source(String format, List<String> topics) {
        KafkaSourceBuilder<RawRecord> builder =
                KafkaSource.<RawRecord>builder()
                        // First, so that the settings with options of their own win.
                        .setProperties(options.clientProperties())
                        .setBootstrapServers(options.bootstrapServers)
                        .setGroupId(options.groupId)
                        // Unique per source: Kafka registers client metrics under the client id.
                        .setClientIdPrefix(options.groupId + "-" + format)
                        .setTopics(topics)
                        .setStartingOffsets(startingOffsets())
                        .setDeserializer(new RawRecordDeserializer(format));
        if (stoppingOffsets != null) {
            builder.setBounded(stoppingOffsets);
        }
        return builder.build();
    }

    // OffsetResetStrategy is deprecated in kafka-clients 4 (Flink 2's connector), but it is what
    // both connector lines take.
    @SuppressWarnings("deprecation")
    private OffsetsInitializer startingOffsets() {
        return switch (options.startingOffsets) {
            case EARLIEST -> OffsetsInitializer.earliest();
            case LATEST -> OffsetsInitializer.latest();
            case COMMITTED_OR_EARLIEST ->
                    OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST);
        };
    }
}
