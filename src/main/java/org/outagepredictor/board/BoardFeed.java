package org.outagepredictor.board;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.outagepredictor.alerting.AlertJson;
import org.outagepredictor.alerting.ScoreJson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the job's scores, alerts and model versions from Kafka into {@link DeviceRisks}, on a
 * thread of its own. One consumer, no consumer group: it assigns itself every partition of the
 * three topics and reads alerts and model versions from their beginning, scores from {@code
 * board.score-lookback} ago, with {@code isolation.level=read_committed} (the alerts are written in
 * transactions). Nothing is committed: each start reads again.
 *
 * <p>A record that is not what its topic should hold is counted ({@link #badRecords}), logged and
 * skipped. Until all three topics exist the feed waits and tries again every few seconds.
 *
 * <p>Known limits: partitions added while the board runs are not read until it restarts.
 */
public final class BoardFeed implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(BoardFeed.class);

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration POLL = Duration.ofMillis(500);
    private static final long RETRY_MILLIS = 2000;

    private final BoardOptions options;
    private final DeviceRisks risks;
    private final KafkaConsumer<String, String> consumer;
    private final Thread thread;
    private final AtomicLong records = new AtomicLong();
    private final AtomicLong badRecords = new AtomicLong();
    private volatile boolean running = true;
    private volatile boolean assigned;
    private volatile Throwable failure;

    public BoardFeed(BoardOptions options, DeviceRisks risks) {
        this.options = options;
        this.risks = risks;
        Properties properties = options.kafka.clientProperties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, options.kafka.bootstrapServers);
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        properties.put(ConsumerConfig.CLIENT_ID_CONFIG, "outage-risk-board");
        consumer =
                new KafkaConsumer<>(properties, new StringDeserializer(), new StringDeserializer());
        thread = new Thread(this::run, "risk-board-feed");
        thread.setDaemon(true);
    }

    public BoardFeed start() {
        thread.start();
        return this;
    }

    /** Whether the feed reads all its topics and has not failed. */
    public boolean healthy() {
        return assigned && failure == null && thread.isAlive();
    }

    /** Whether the feed thread still runs (it may still be waiting for its topics). */
    public boolean alive() {
        return thread.isAlive() && failure == null;
    }

    public long records() {
        return records.get();
    }

    public long badRecords() {
        return badRecords.get();
    }

    private void run() {
        try {
            while (running && !assign()) {
                Thread.sleep(RETRY_MILLIS);
            }
            while (running) {
                for (ConsumerRecord<String, String> record : consumer.poll(POLL)) {
                    handle(record);
                }
            }
        } catch (WakeupException | InterruptedException e) {
            // Closing.
        } catch (RuntimeException e) {
            failure = e;
            LOG.error("The risk board's Kafka feed stopped", e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    /** Assigns every partition of the three topics and seeks; false if a topic is missing. */
    private boolean assign() {
        BoardTopics topics = topics();
        Map<String, List<TopicPartition>> byTopic = new HashMap<>();
        for (String topic : topics.all()) {
            List<PartitionInfo> infos;
            try {
                infos = consumer.partitionsFor(topic);
            } catch (TimeoutException e) {
                LOG.warn("No answer from {}; trying again", options.kafka.bootstrapServers);
                return false;
            }
            if (infos == null || infos.isEmpty()) {
                LOG.warn("Topic {} does not exist (yet); trying again", topic);
                return false;
            }
            List<TopicPartition> partitions = new ArrayList<>();
            infos.forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            byTopic.put(topic, partitions);
        }
        List<TopicPartition> all = new ArrayList<>();
        byTopic.values().forEach(all::addAll);
        consumer.assign(all);
        long now = System.currentTimeMillis();
        Map<TopicPartition, Long> since = new HashMap<>();
        for (Map.Entry<String, List<TopicPartition>> topic : byTopic.entrySet()) {
            Duration lookback =
                    topic.getKey().equals(topics.scores)
                            ? options.scoreLookback
                            : options.alertLookback;
            // Clamped: a look-back longer than the epoch reads from the beginning.
            long from = Math.max(0, now - Math.min(now, lookback.toMillis()));
            topic.getValue().forEach(partition -> since.put(partition, from));
        }
        List<TopicPartition> toEnd = new ArrayList<>();
        consumer.offsetsForTimes(since)
                .forEach(
                        (partition, offset) -> {
                            if (offset == null) {
                                // Nothing written since: read what comes.
                                toEnd.add(partition);
                            } else {
                                consumer.seek(partition, offset.offset());
                            }
                        });
        consumer.seekToEnd(toEnd);
        assigned = true;
        LOG.info(
                "Risk board reads {} partitions of {} from {}",
                all.size(),
                topics.all(),
                options.kafka.bootstrapServers);
        return true;
    }

    private void handle(ConsumerRecord<String, String> record) {
        records.incrementAndGet();
        BoardTopics topics = topics();
        try {
            if (record.value() == null) {
                throw new IllegalArgumentException("a record without a value");
            } else if (record.topic().equals(topics.scores)) {
                risks.onScore(ScoreJson.fromJson(record.value()));
            } else if (record.topic().equals(topics.alerts)) {
                risks.onAlert(AlertJson.fromJson(record.value()));
            } else {
                risks.onModelVersion(modelInfo(record.value()));
            }
        } catch (IllegalArgumentException e) {
            long bad = badRecords.incrementAndGet();
            // The first few in full; after that one in a thousand, so a bad topic cannot flood
            // the log.
            if (bad <= 10 || bad % 1000 == 0) {
                LOG.warn(
                        "Skipped record {}/{}@{} ({} skipped so far): {}",
                        record.topic(),
                        record.partition(),
                        record.offset(),
                        bad,
                        e.getMessage());
            }
        }
    }

    /**
     * Reads a model version as the job writes it (ModelVersionJson): its version and the
     * prequential metrics it was published on.
     */
    static DeviceRisks.ModelInfo modelInfo(String text) {
        JsonNode root;
        try {
            root = JSON.readTree(text);
        } catch (IOException e) {
            throw new IllegalArgumentException("Model version is not valid JSON", e);
        }
        if (root == null || !root.path("version").isIntegralNumber()) {
            throw new IllegalArgumentException("Model version JSON needs a numeric version");
        }
        return new DeviceRisks.ModelInfo(
                root.get("version").asLong(),
                root.path("publishedAt").asLong(),
                root.path("examplesTrained").asLong(),
                root.path("trainedUntil").asLong(),
                metric(root, "prAuc"),
                metric(root, "logLoss"),
                metric(root, "precision"),
                metric(root, "recall"));
    }

    private static double metric(JsonNode root, String field) {
        JsonNode value = root.get(field);
        return value == null || !value.isNumber() ? Double.NaN : value.asDouble();
    }

    private BoardTopics topics() {
        return new BoardTopics(
                options.kafka.scoresTopic,
                options.kafka.alertsTopic,
                options.kafka.modelVersionsTopic);
    }

    private record BoardTopics(String scores, String alerts, String models) {
        List<String> all() {
            return List.of(scores, alerts, models);
        }
    }

    @Override
    public void close() {
        running = false;
        if (thread.isAlive()) {
            consumer.wakeup();
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        } else if (thread.getState() == Thread.State.NEW) {
            consumer.close(Duration.ofSeconds(5));
        }
    }
}
