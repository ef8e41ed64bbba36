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
 * The job's Kafka inputs: one {@link KafkaSource} of {@link ParsedRecord}s per format in {@code
 * kafka.inputs}, reading that format's topics (see {@link KafkaOptions} for every option).
 *
 * <pre>{@code
 * KafkaInputs.from(options).addTo(env, ingester, watermarks);                          // a job
 * KafkaInputs.from(options).boundedAt(OffsetsInitializer.latest()).addTo(env, ...);    // tests
 * }</pre>
 *
 * <ul>
 *   <li>Records are never dropped or failed on: {@link ParsingDeserializer} parses each into a
 *       ParsedRecord, with the record's events or, whatever its bytes (tombstones included), its
 *       dead letter.
 *   <li>Watermarks come from the sources, one per partition (the connector's per-split watermarks),
 *       from the parsed records' event times: a subtask's watermark is the smallest of its
 *       partitions', so a partition that lags behind the others (after a restore, say, when the
 *       consumer fetches one partition far ahead) holds it back instead of making its events late.
 *       A partition without records for {@code source.idleness} is left out until it has some
 *       again.
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

    /**
     * One source per format, in the order of {@code kafka.inputs}, parsing with {@code ingester}.
     */
    public Map<String, KafkaSource<ParsedRecord>> sources(RecordIngester ingester) {
        Map<String, KafkaSource<ParsedRecord>> sources = new LinkedHashMap<>();
        options.inputs.forEach(
                (format, topics) -> sources.put(format, source(format, topics, ingester)));
        return sources;
    }

    /**
     * Every source added to {@code env} with {@code watermarks} (per partition), uid {@code
     * kafka-input-<format>} and name "Kafka input <format>", as one stream.
     */
    public DataStream<ParsedRecord> addTo(
            StreamExecutionEnvironment env,
            RecordIngester ingester,
            WatermarkStrategy<ParsedRecord> watermarks) {
        DataStream<ParsedRecord> all = null;
        for (Map.Entry<String, KafkaSource<ParsedRecord>> input : sources(ingester).entrySet()) {
            String format = input.getKey();
            DataStream<ParsedRecord> stream =
                    env.fromSource(
                                    input.getValue(),
                                    watermarks,
                                    Operators.KAFKA_INPUT.displayName + " " + format)
                            .uid(Operators.KAFKA_INPUT.uid + "-" + format);
            all = all == null ? stream : all.union(stream);
        }
        return all;
    }

    private KafkaSource<ParsedRecord> source(
            String format, List<String> topics, RecordIngester ingester) {
        KafkaSourceBuilder<ParsedRecord> builder =
                KafkaSource.<ParsedRecord>builder()
                        // First, so that the settings with options of their own win.
                        .setProperties(options.clientProperties())
                        .setBootstrapServers(options.bootstrapServers)
                        .setGroupId(options.groupId)
                        // Unique per source: Kafka registers client metrics under the client id.
                        .setClientIdPrefix(options.groupId + "-" + format)
                        .setTopics(topics)
                        .setStartingOffsets(startingOffsets())
                        .setDeserializer(new ParsingDeserializer(format, ingester));
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
