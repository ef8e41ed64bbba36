package org.outagepredictor.ingest;

import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.sink.KafkaSinkBuilder;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * The job's Kafka outputs, each a {@link KafkaSink} of {@link KeyedJson} records to one topic (see
 * {@link KafkaOptions} for the options).
 *
 * <ul>
 *   <li>{@link #alerts}: exactly once. Each checkpoint's alerts are written in a Kafka transaction
 *       that commits when the checkpoint completes, so after any failure and restore every alert is
 *       in the topic once. Consumers must read with {@code isolation.level=read_committed} (else
 *       they also see aborted records), and see alerts only after the checkpoint that covers them:
 *       the checkpoint interval is the alerts' added latency. Needs checkpointing; the transaction
 *       timeout ({@code kafka.transaction-timeout}) must fit under the brokers' {@code
 *       transaction.max.timeout.ms}.
 *   <li>{@link #labels}: exactly once, in the same way, under transactional ids of their own.
 *   <li>{@link #deadLetters}, {@link #modelVersions} and {@link #scores}: at least once (flushed on
 *       every checkpoint), so a restore may write a record again. Dead letters carry their source
 *       topic, partition and offset, model versions their version number and scores their device
 *       and event time, so readers can drop repeats.
 * </ul>
 *
 * <p>Known limits: one cluster for all outputs; a stopped job's open transaction blocks
 * read_committed consumers of its partitions until it commits on restore or times out.
 */
public final class KafkaOutputs {

    /**
     * Appended to {@code kafka.transactional-id-prefix}: each transactional output has
     * transactional ids of its own.
     */
    private static final String ALERTS_TRANSACTION_SUFFIX = "-alerts";

    private static final String LABELS_TRANSACTION_SUFFIX = "-labels";

    private KafkaOutputs() {}

    /** Alerts to {@code kafka.alerts-topic}, exactly once in Kafka transactions. */
    public static KafkaSink<KeyedJson> alerts(KafkaOptions options) {
        return exactlyOnce(options, options.alertsTopic, ALERTS_TRANSACTION_SUFFIX);
    }

    /** Labelled examples to {@code kafka.labels-topic}, exactly once in Kafka transactions. */
    public static KafkaSink<KeyedJson> labels(KafkaOptions options) {
        return exactlyOnce(options, options.labelsTopic, LABELS_TRANSACTION_SUFFIX);
    }

    private static KafkaSink<KeyedJson> exactlyOnce(
            KafkaOptions options, String topic, String transactionSuffix) {
        return sink(options, topic)
                .setDeliveryGuarantee(DeliveryGuarantee.EXACTLY_ONCE)
                .setTransactionalIdPrefix(options.transactionalIdPrefix + transactionSuffix)
                .setProperty(
                        ProducerConfig.TRANSACTION_TIMEOUT_CONFIG,
                        String.valueOf(options.transactionTimeout.toMillis()))
                .build();
    }

    /** Unparseable input records to {@code kafka.dead-letters-topic}, at least once. */
    public static KafkaSink<KeyedJson> deadLetters(KafkaOptions options) {
        return atLeastOnce(options, options.deadLettersTopic);
    }

    /** Published model versions to {@code kafka.model-versions-topic}, at least once. */
    public static KafkaSink<KeyedJson> modelVersions(KafkaOptions options) {
        return atLeastOnce(options, options.modelVersionsTopic);
    }

    /** Every score to {@code kafka.scores-topic}, keyed by device, at least once. */
    public static KafkaSink<KeyedJson> scores(KafkaOptions options) {
        return atLeastOnce(options, options.scoresTopic);
    }

    /** Records to any topic, at least once: the simulator job's and the replay's output. */
    public static KafkaSink<KeyedJson> atLeastOnce(KafkaOptions options, String topic) {
        return sink(options, topic).setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE).build();
    }

    private static KafkaSinkBuilder<KeyedJson> sink(KafkaOptions options, String topic) {
        return KafkaSink.<KeyedJson>builder()
                // First, so that the settings with options of their own win.
                .setKafkaProducerConfig(options.clientProperties())
                .setBootstrapServers(options.bootstrapServers)
                .setRecordSerializer(new KeyedJsonSerializer(topic));
    }
}
