package org.outagepredictor.ingest;

import static org.apache.flink.util.Preconditions.checkArgument;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.apache.flink.configuration.ConfigOption;
import org.apache.flink.configuration.ConfigOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ReadableConfig;

/**
 * Options of the Kafka transport: where the broker is, which topics carry which input format, where
 * to start reading, and the output topics. (Watermarks are the job's {@code source.*} options.)
 *
 * <ul>
 *   <li>{@code kafka.bootstrap-servers} (127.0.0.1:9092): the brokers to connect to.
 *   <li>{@code kafka.group-id} (outage-predictor): consumer group of the inputs, under which
 *       offsets are committed.
 *   <li>{@code kafka.inputs} (one topic per tool, see {@link #INPUTS}): {@code
 *       format:topic[,topic]} entries separated by {@code ;}; one Kafka source per format.
 *   <li>{@code kafka.starting-offsets} (committed-or-earliest): where a job without state starts.
 *   <li>{@code kafka.alerts-topic} (outage.alerts), {@code kafka.dead-letters-topic}
 *       (outage.dead-letters), {@code kafka.model-versions-topic} (outage.model-versions), {@code
 *       kafka.scores-topic} (outage.scores), {@code kafka.labels-topic} (outage.labels).
 *   <li>{@code kafka.transactional-id-prefix} (outage-predictor) and {@code
 *       kafka.transaction-timeout} (10 min): the exactly-once alert and label outputs'
 *       transactions.
 *   <li>{@code kafka.properties.<name>}: any other Kafka client setting, given to every consumer
 *       and producer of the job (security settings, for example). The settings above win over
 *       these.
 * </ul>
 *
 * <p>Known limits: one cluster for all inputs and outputs; client settings cannot differ between
 * consumers and producers (a consumer-only setting makes the producers log that it is unused).
 */
public final class KafkaOptions {

    /** Prefix of pass-through Kafka client settings: {@code kafka.properties.security.protocol}. */
    public static final String PROPERTIES_PREFIX = "kafka.properties.";

    public static final ConfigOption<String> BOOTSTRAP_SERVERS =
            ConfigOptions.key("kafka.bootstrap-servers")
                    .stringType()
                    .defaultValue("127.0.0.1:9092")
                    .withDescription(
                            "Kafka brokers to connect to, host:port separated by commas. Any other"
                                    + " Kafka client setting can be given as kafka.properties.*"
                                    + " (for example kafka.properties.security.protocol); it goes"
                                    + " to every consumer and producer of the job.");

    public static final ConfigOption<String> GROUP_ID =
            ConfigOptions.key("kafka.group-id")
                    .stringType()
                    .defaultValue("outage-predictor")
                    .withDescription(
                            "Consumer group of the inputs. Offsets are committed under it when a"
                                    + " checkpoint completes (for monitoring lag, and as the start"
                                    + " of a job without state); the job's own position is in its"
                                    + " checkpoints.");

    public static final ConfigOption<String> INPUTS =
            ConfigOptions.key("kafka.inputs")
                    .stringType()
                    .defaultValue(
                            "servicenow:ops.servicenow;puppet:ops.puppet;chef:ops.chef;"
                                    + "panos:ops.panos;splunk-hec:ops.splunk;solarwinds:ops.solarwinds;"
                                    + "alertmanager:ops.alertmanager;generic-json:ops.events")
                    .withDescription(
                            "Input topics by format: format:topic[,topic...] entries separated by"
                                    + " ';'. The format names the parser; each format gets one"
                                    + " Kafka source.");

    public static final ConfigOption<StartingOffsets> STARTING_OFFSETS =
            ConfigOptions.key("kafka.starting-offsets")
                    .enumType(StartingOffsets.class)
                    .defaultValue(StartingOffsets.COMMITTED_OR_EARLIEST)
                    .withDescription(
                            "Where a job that starts without a checkpoint or savepoint reads"
                                    + " from: committed-or-earliest (the group's committed offsets;"
                                    + " the earliest where it has none), earliest or latest. A job"
                                    + " restored from a checkpoint or savepoint resumes where it"
                                    + " was.");

    public static final ConfigOption<String> ALERTS_TOPIC =
            ConfigOptions.key("kafka.alerts-topic")
                    .stringType()
                    .defaultValue("outage.alerts")
                    .withDescription(
                            "Topic of the alerts, written exactly once in Kafka transactions:"
                                    + " read it with isolation.level=read_committed.");

    public static final ConfigOption<String> DEAD_LETTERS_TOPIC =
            ConfigOptions.key("kafka.dead-letters-topic")
                    .stringType()
                    .defaultValue("outage.dead-letters")
                    .withDescription(
                            "Topic of the input records that could not be parsed (at least once).");

    public static final ConfigOption<String> DELIVERY_DEAD_LETTERS_TOPIC =
            ConfigOptions.key("kafka.delivery-dead-letters-topic")
                    .stringType()
                    .defaultValue("outage.delivery-dead-letters")
                    .withDescription(
                            "Topic of alerts that on-call delivery finally gave up on, with the"
                                    + " target and the last error.");

    public static final ConfigOption<String> MODEL_VERSIONS_TOPIC =
            ConfigOptions.key("kafka.model-versions-topic")
                    .stringType()
                    .defaultValue("outage.model-versions")
                    .withDescription("Topic of the published model versions (at least once).");

    public static final ConfigOption<String> SCORES_TOPIC =
            ConfigOptions.key("kafka.scores-topic")
                    .stringType()
                    .defaultValue("outage.scores")
                    .withDescription(
                            "Topic of every score (device, device class, event time, probability,"
                                    + " model version), keyed by device, at least once; the risk"
                                    + " board reads it.");

    public static final ConfigOption<String> LABELS_TOPIC =
            ConfigOptions.key("kafka.labels-topic")
                    .stringType()
                    .defaultValue("outage.labels")
                    .withDescription(
                            "Topic of the labelled examples, the snapshots with the label that"
                                    + " what followed gave them (what the trainer learns from),"
                                    + " keyed by device and snapshot time, written exactly once in"
                                    + " Kafka transactions: read it with"
                                    + " isolation.level=read_committed.");

    public static final ConfigOption<String> TRANSACTIONAL_ID_PREFIX =
            ConfigOptions.key("kafka.transactional-id-prefix")
                    .stringType()
                    .defaultValue("outage-predictor")
                    .withDescription(
                            "Prefix of the transactional ids of the exactly-once alert and label"
                                    + " outputs. Must"
                                    + " be unique per job on the Kafka cluster and stay the same"
                                    + " across restarts from a savepoint, so that the job can"
                                    + " finish or abort its own open transactions.");

    public static final ConfigOption<Duration> TRANSACTION_TIMEOUT =
            ConfigOptions.key("kafka.transaction-timeout")
                    .durationType()
                    .defaultValue(Duration.ofMinutes(10))
                    .withDescription(
                            "Timeout of the alert and label outputs' transactions. Must not exceed"
                                    + " the"
                                    + " brokers' transaction.max.timeout.ms (15 min by default),"
                                    + " and should exceed the checkpoint interval plus the longest"
                                    + " expected recovery: the broker aborts a transaction that"
                                    + " stays open longer, and its records are lost.");

    /**
     * Where a job without state starts reading; Flink's enum parsing accepts the lower-case form.
     */
    public enum StartingOffsets {
        COMMITTED_OR_EARLIEST,
        EARLIEST,
        LATEST;

        @Override
        public String toString() {
            return name().toLowerCase(Locale.ROOT).replace('_', '-');
        }
    }

    public final String bootstrapServers;
    public final String groupId;

    /** Topics by format name, in the configured order. */
    public final Map<String, List<String>> inputs;

    public final StartingOffsets startingOffsets;
    public final String alertsTopic;
    public final String deadLettersTopic;
    public final String modelVersionsTopic;
    public final String scoresTopic;
    public final String labelsTopic;
    public final String deliveryDeadLettersTopic;
    public final String transactionalIdPrefix;
    public final Duration transactionTimeout;
    private final Map<String, String> clientProperties;

    private KafkaOptions(ReadableConfig config) {
        bootstrapServers = config.get(BOOTSTRAP_SERVERS).trim();
        groupId = config.get(GROUP_ID).trim();
        inputs = parseInputs(config.get(INPUTS));
        startingOffsets = config.get(STARTING_OFFSETS);
        alertsTopic = config.get(ALERTS_TOPIC).trim();
        deadLettersTopic = config.get(DEAD_LETTERS_TOPIC).trim();
        modelVersionsTopic = config.get(MODEL_VERSIONS_TOPIC).trim();
        scoresTopic = config.get(SCORES_TOPIC).trim();
        labelsTopic = config.get(LABELS_TOPIC).trim();
        deliveryDeadLettersTopic = config.get(DELIVERY_DEAD_LETTERS_TOPIC).trim();
        transactionalIdPrefix = config.get(TRANSACTIONAL_ID_PREFIX).trim();
        transactionTimeout = config.get(TRANSACTION_TIMEOUT);
        Map<String, String> properties = new LinkedHashMap<>();
        config.toMap()
                .forEach(
                        (key, value) -> {
                            if (key.startsWith(PROPERTIES_PREFIX)) {
                                properties.put(key.substring(PROPERTIES_PREFIX.length()), value);
                            }
                        });
        clientProperties = Collections.unmodifiableMap(properties);

        checkArgument(!bootstrapServers.isEmpty(), "%s must not be empty", BOOTSTRAP_SERVERS.key());
        checkArgument(!groupId.isEmpty(), "%s must not be empty", GROUP_ID.key());
        for (ConfigOption<String> topic :
                List.of(
                        ALERTS_TOPIC,
                        DEAD_LETTERS_TOPIC,
                        MODEL_VERSIONS_TOPIC,
                        SCORES_TOPIC,
                        LABELS_TOPIC,
                        DELIVERY_DEAD_LETTERS_TOPIC)) {
            checkArgument(!config.get(topic).isBlank(), "%s must not be empty", topic.key());
        }
        checkArgument(
                !transactionalIdPrefix.isEmpty(),
                "%s must not be empty",
                TRANSACTIONAL_ID_PREFIX.key());
        checkArgument(
                transactionTimeout.toMillis() > 0
                        && transactionTimeout.toMillis() <= Integer.MAX_VALUE,
                "%s must be positive, was %s",
                TRANSACTION_TIMEOUT.key(),
                transactionTimeout);
    }

    public static KafkaOptions from(ReadableConfig config) {
        return new KafkaOptions(config);
    }

    public static KafkaOptions defaults() {
        return from(new Configuration());
    }

    /**
     * The {@code kafka.properties.*} settings without their prefix, as a fresh copy for one client.
     * The values may hold secrets (SASL credentials): never log them.
     */
    public Properties clientProperties() {
        Properties properties = new Properties();
        properties.putAll(clientProperties);
        return properties;
    }

    public static List<ConfigOption<?>> options() {
        return List.of(
                BOOTSTRAP_SERVERS,
                GROUP_ID,
                INPUTS,
                STARTING_OFFSETS,
                ALERTS_TOPIC,
                DEAD_LETTERS_TOPIC,
                MODEL_VERSIONS_TOPIC,
                SCORES_TOPIC,
                LABELS_TOPIC,
                TRANSACTIONAL_ID_PREFIX,
                TRANSACTION_TIMEOUT);
    }

    private static Map<String, List<String>> parseInputs(String text) {
        Map<String, List<String>> inputs = new LinkedHashMap<>();
        Map<String, String> formatOfTopic = new LinkedHashMap<>();
        for (String entry : text.split(";")) {
            if (entry.isBlank()) {
                continue;
            }
            int colon = entry.indexOf(':');
            checkArgument(
                    colon > 0,
                    "%s: expected format:topic[,topic...], found '%s'",
                    INPUTS.key(),
                    entry.trim());
            String format = entry.substring(0, colon).trim();
            checkArgument(
                    !format.isEmpty() && !inputs.containsKey(format),
                    "%s: format '%s' is empty or appears twice",
                    INPUTS.key(),
                    format);
            checkArgument(
                    InputFormat.configNames().contains(format),
                    "%s: unknown format '%s'; the formats are %s",
                    INPUTS.key(),
                    format,
                    InputFormat.configNames());
            List<String> topics = new ArrayList<>();
            for (String topic : entry.substring(colon + 1).split(",", -1)) {
                String name = topic.trim();
                checkArgument(
                        !name.isEmpty(),
                        "%s: format '%s' has an empty topic",
                        INPUTS.key(),
                        format);
                String other = formatOfTopic.putIfAbsent(name, format);
                checkArgument(
                        other == null,
                        "%s: topic '%s' is given for both '%s' and '%s'",
                        INPUTS.key(),
                        name,
                        other,
                        format);
                topics.add(name);
            }
            inputs.put(format, List.copyOf(topics));
        }
        checkArgument(!inputs.isEmpty(), "%s must name at least one input", INPUTS.key());
        return Collections.unmodifiableMap(inputs);
    }
}
