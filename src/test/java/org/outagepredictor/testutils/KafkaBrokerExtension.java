package org.outagepredictor.testutils;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.FileUtils;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TransactionListing;
import org.apache.kafka.clients.admin.TransactionState;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.outagepredictor.PredictionJob;
import org.outagepredictor.alerting.Alert;
import org.outagepredictor.ingest.KafkaInputs;
import org.outagepredictor.ingest.KafkaOptions;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real single-node Kafka broker for one test class, started and stopped by scripts/kafka-local.sh
 * (the same broker, configuration and classpath as a local run) on free 127.0.0.1 ports, with its
 * data in a temporary directory that is deleted afterwards.
 *
 * <pre>{@code
 * @RegisterExtension static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();
 * ... KAFKA.bootstrapServers() ... KAFKA.createTopic("in", 2) ...
 * }</pre>
 *
 * <p>The broker cannot outlive the test JVM: a shutdown hook stops it if the JVM exits before
 * {@code afterAll}, and the script's watcher (KAFKA_WATCH_PID) stops it when the JVM is gone
 * however it ended, killed included. The first start on a machine resolves the broker's jars with
 * Maven (the same Maven and local repository as the build, passed by failsafe as system
 * properties), which downloads them once.
 *
 * <p>Known limits: needs bash, ps and a JDK (Linux; macOS untested); if the Maven local repository
 * path has spaces, the script cannot pass it on.
 */
public final class KafkaBrokerExtension implements BeforeAllCallback, AfterAllCallback {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaBrokerExtension.class);

    /** Long enough for a first start that downloads the broker's jars. */
    private static final long START_TIMEOUT_MINUTES = 10;

    private static final long STOP_TIMEOUT_SECONDS = 60;

    private static final int MAX_START_ATTEMPTS = 3;

    private static final ObjectMapper JSON = new ObjectMapper();

    /** Transaction timeout of the jobs of {@link #jobOptions}. */
    private static final Duration TRANSACTION_TIMEOUT = Duration.ofMinutes(2);

    private Path dir;
    private int port;
    private int controllerPort;
    private Thread shutdownHook;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        dir = Files.createTempDirectory("kafka-broker-");
        shutdownHook = new Thread(this::stopQuietly, "kafka-broker-stop");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
        long started = System.nanoTime();
        String output =
                Scripts.startOrCleanUp(
                        this::start,
                        () -> {
                            afterAll(context);
                            return null;
                        });
        LOG.info(
                "Kafka broker for {} on {} in {} ms: {}",
                context.getDisplayName(),
                bootstrapServers(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started),
                output.trim());
    }

    /**
     * Starts the broker on free ports. A port found free may be taken before the broker binds it;
     * then the script has stopped the broker, and it starts afresh on other ports.
     */
    private String start() throws Exception {
        for (int attempt = 1; ; attempt++) {
            port = Scripts.freePort();
            do {
                controllerPort = Scripts.freePort();
            } while (controllerPort == port);
            try {
                return run("start", START_TIMEOUT_MINUTES, TimeUnit.MINUTES);
            } catch (IOException e) {
                if (attempt == MAX_START_ATTEMPTS
                        || !e.getMessage().contains("Address already in use")) {
                    throw e;
                }
                LOG.warn("Port {} or {} was taken meanwhile; trying others", port, controllerPort);
                // Formatted for the old controller port.
                FileUtils.cleanDirectory(dir.toFile());
            }
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        try {
            LOG.info("{}", run("stop", STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS).trim());
        } finally {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
            FileUtils.deleteDirectory(dir.toFile());
        }
    }

    /**
     * Kills the broker (SIGKILL), as a crash or a lost machine would, keeping its ports and its
     * data directory, so that {@link #restart} brings back the same broker with the same topics,
     * offsets and transactions. For tests of a broker outage.
     *
     * <p>Not SIGTERM: a clean shutdown of Kafka 4.4.0 in the middle of transactions can complete a
     * transaction in its coordinator without writing the commit marker to a partition it leads,
     * which leaves a hanging transaction there (docs/reliability.md): read_committed consumers of
     * that partition stop at it until an administrator aborts it, whatever the producer does.
     *
     * @return the script's report
     */
    public String kill() throws Exception {
        return run("kill", STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS).trim();
    }

    /**
     * Starts the broker that {@link #kill} killed, on the same ports and data directory, and waits
     * until it answers.
     *
     * @return the script's report
     */
    public String restart() throws Exception {
        return run("start", START_TIMEOUT_MINUTES, TimeUnit.MINUTES).trim();
    }

    /** The broker's address, {@code 127.0.0.1:<port>}. */
    public String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    /** Creates a topic with one replica and waits until the broker has it. */
    public void createTopic(String topic, int partitions) throws Exception {
        Properties properties = new Properties();
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        try (Admin admin = Admin.create(properties)) {
            admin.createTopics(List.of(new NewTopic(topic, partitions, (short) 1)))
                    .all()
                    .get(30, TimeUnit.SECONDS);
        }
    }

    /**
     * Creates {@code inputs} and the topics the job writes under their default names ({@code
     * outage.alerts}, {@code outage.dead-letters}, ...), as a job submitted with its default
     * options (jobs/prediction.yaml) needs them, each with {@code partitions} partitions.
     */
    public void createJobTopics(int partitions, String... inputs) throws Exception {
        List<String> topics = new ArrayList<>(List.of(inputs));
        topics.addAll(
                List.of(
                        "outage.alerts",
                        "outage.dead-letters",
                        "outage.model-versions",
                        "outage.scores",
                        "outage.labels",
                        "outage.delivery-dead-letters"));
        for (String topic : topics) {
            createTopic(topic, partitions);
        }
    }

    /**
     * The prediction job's options for a run on this broker: {@code inputs} ({@code kafka.inputs})
     * read from their earliest offsets, and the job's output topics, created here under names that
     * start with {@code run} (alerts: {@code <run>.alerts}), so that runs do not read each other's
     * output.
     */
    public Configuration jobOptions(String inputs, String run) throws Exception {
        Configuration options = new Configuration();
        options.set(PredictionJob.INPUT, PredictionJob.Input.KAFKA);
        options.set(KafkaOptions.BOOTSTRAP_SERVERS, bootstrapServers());
        options.set(KafkaOptions.GROUP_ID, run);
        options.set(KafkaOptions.INPUTS, inputs);
        options.set(KafkaOptions.STARTING_OFFSETS, KafkaOptions.StartingOffsets.EARLIEST);
        options.set(KafkaOptions.ALERTS_TOPIC, run + ".alerts");
        options.set(KafkaOptions.DEAD_LETTERS_TOPIC, run + ".dead-letters");
        options.set(KafkaOptions.MODEL_VERSIONS_TOPIC, run + ".model-versions");
        options.set(KafkaOptions.SCORES_TOPIC, run + ".scores");
        options.set(KafkaOptions.LABELS_TOPIC, run + ".labels");
        options.set(KafkaOptions.TRANSACTIONAL_ID_PREFIX, run);
        options.set(KafkaOptions.TRANSACTION_TIMEOUT, TRANSACTION_TIMEOUT);
        for (String topic :
                List.of("alerts", "dead-letters", "model-versions", "scores", "labels")) {
            createTopic(
                    run + "." + topic, topic.equals("alerts") || topic.equals("labels") ? 2 : 1);
        }
        return options;
    }

    /**
     * Runs the prediction job with {@code options} (from {@link #jobOptions}, or the like) until it
     * has read its input topics up to their ends as of its start, with a checkpoint every {@code
     * checkpointMillis}: the exactly-once alert output commits a transaction per checkpoint.
     *
     * @return the alerts, as the job's local output saw them
     */
    public static List<Alert> runToTheEnd(
            Configuration options, int parallelism, long checkpointMillis) throws Exception {
        return runToTheEnd(options, parallelism, checkpointMillis, new Configuration());
    }

    /**
     * As {@link #runToTheEnd(Configuration, int, long)}, with Flink settings for the run ({@code
     * flink}), such as {@code execution.savepoint.path} to start from a savepoint.
     */
    public static List<Alert> runToTheEnd(
            Configuration options, int parallelism, long checkpointMillis, Configuration flink)
            throws Exception {
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(flink);
        env.setParallelism(parallelism);
        env.enableCheckpointing(checkpointMillis);
        CollectingSink<Alert> local = new CollectingSink<>();
        new PredictionJob(
                        options,
                        PredictionJob.loadStartModel(options),
                        KafkaInputs.from(KafkaOptions.from(options))
                                .boundedAt(OffsetsInitializer.latest()),
                        local)
                .execute(env);
        return local.results();
    }

    /**
     * Sends the records (acks=all) and waits until the broker has them all.
     *
     * @return where each record went, in the order given
     */
    public List<RecordMetadata> produce(List<ProducerRecord<byte[], byte[]>> records)
            throws Exception {
        return produce(bootstrapServers(), records);
    }

    /** Sends the records (acks=all) to the broker at {@code bootstrapServers} and waits for all. */
    public static List<RecordMetadata> produce(
            String bootstrapServers, List<ProducerRecord<byte[], byte[]>> records)
            throws Exception {
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        properties.put(ProducerConfig.ACKS_CONFIG, "all");
        properties.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(properties)) {
            List<Future<RecordMetadata>> sent = new ArrayList<>();
            for (ProducerRecord<byte[], byte[]> record : records) {
                sent.add(producer.send(record));
            }
            List<RecordMetadata> written = new ArrayList<>();
            for (Future<RecordMetadata> future : sent) {
                written.add(future.get());
            }
            return written;
        }
    }

    /**
     * Produces the first {@code events} events of a simulated fleet ({@code devices} devices, seed
     * {@code seed}) to {@code topic} as generic JSON, keyed by device so that each device's events
     * are in order on one partition. The same arguments give the same records on the same
     * partitions, so also the same offsets, on any broker.
     */
    public void produceFleet(String topic, int devices, long seed, int events) throws Exception {
        produceFleet(topic, devices, seed, 0, events);
    }

    /**
     * Produces events {@code from} to {@code to} (exclusive) of that fleet ({@link FleetRecords}).
     */
    public void produceFleet(String topic, int devices, long seed, int from, int to)
            throws Exception {
        produce(FleetRecords.of(topic, devices, seed, from, to));
    }

    /**
     * The alerts committed to {@code topic}, each as its dedup key, status, event time and
     * probability: what tests compare between runs to find alerts lost or duplicated.
     */
    public List<String> committedAlerts(String topic) throws Exception {
        List<String> alerts = new ArrayList<>();
        for (String value : committedValues(topic)) {
            JsonNode alert = JSON.readTree(value);
            alerts.add(
                    alert.path("dedupKey").asText()
                            + " "
                            + alert.path("status").asText()
                            + " "
                            + alert.path("eventTime").asText()
                            + " "
                            + alert.path("probability").asText());
        }
        return alerts;
    }

    /**
     * The values committed to {@code topic}, as text, once no transaction is open on it ({@link
     * #awaitNoOpenTransaction}).
     */
    public List<String> committedValues(String topic) throws Exception {
        awaitNoOpenTransaction(topic);
        List<String> values = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> record : readCommitted(topic)) {
            values.add(new String(record.value(), StandardCharsets.UTF_8));
        }
        return values;
    }

    /** The broker's transactions that are not complete, with their state and partitions. */
    private String openTransactions() throws Exception {
        Properties properties = new Properties();
        properties.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        try (Admin admin = Admin.create(properties)) {
            List<String> ids = new ArrayList<>();
            for (TransactionListing listing :
                    admin.listTransactions().all().get(30, TimeUnit.SECONDS)) {
                if (listing.state() != TransactionState.COMPLETE_COMMIT
                        && listing.state() != TransactionState.COMPLETE_ABORT
                        && listing.state() != TransactionState.EMPTY) {
                    ids.add(listing.transactionalId());
                }
            }
            List<String> open = new ArrayList<>();
            admin.describeTransactions(ids)
                    .all()
                    .get(30, TimeUnit.SECONDS)
                    .forEach(
                            (id, description) ->
                                    open.add(
                                            id
                                                    + " "
                                                    + description.state()
                                                    + " producer "
                                                    + description.producerId()
                                                    + " epoch "
                                                    + description.producerEpoch()
                                                    + " started "
                                                    + description.transactionStartTimeMs()
                                                    + " on "
                                                    + description.topicPartitions()));
            return "open transactions: " + open;
        }
    }

    /**
     * Asserts that the committed {@code records} (alerts, labels, ...) of a run with faults are
     * exactly those of the run without, none lost and none twice, in any order. Logs first what the
     * run lacks and what it holds beyond them, each counted with repetition: when the comparison
     * fails, that names the records at fault, which the assertion's message (both lists whole)
     * buries.
     */
    public static void assertExactlyThoseWithoutFaults(
            String records, List<String> actual, List<String> expected) {
        List<String> lost = new ArrayList<>(expected);
        List<String> extra = new ArrayList<>();
        for (String element : actual) {
            if (!lost.remove(element)) {
                extra.add(element);
            }
        }
        LOG.info(
                "Committed {} against the run without faults: {} lost {}, {} unexpected {}",
                records,
                lost.size(),
                lost,
                extra.size(),
                extra);
        assertThat(actual)
                .as("committed %s: exactly those of the run without faults", records)
                .containsExactlyInAnyOrderElementsOf(expected);
    }

    /**
     * Waits until no transaction is open on any partition of {@code topic}: until each partition's
     * last stable offset, up to which read_committed consumers read, has reached its end. A job
     * that has finished has committed its transactions, but the broker writes a commit's markers to
     * the partitions after the commit has returned, so a read at once may stop short of the last
     * ones. Waits for at most the transaction timeout of {@link #jobOptions}, after which the
     * broker aborts any transaction still open; a transaction that the broker left hanging (see
     * {@link #kill}) never ends.
     *
     * @throws AssertionError if a transaction is still open then, naming the broker's open ones
     */
    public void awaitNoOpenTransaction(String topic) throws Exception {
        long started = System.nanoTime();
        long deadline = started + TRANSACTION_TIMEOUT.plusSeconds(10).toNanos();
        try (KafkaConsumer<byte[], byte[]> committed = consumer("read_committed");
                KafkaConsumer<byte[], byte[]> all = consumer("read_uncommitted")) {
            List<TopicPartition> partitions = new ArrayList<>();
            all.partitionsFor(topic)
                    .forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
            while (true) {
                Map<TopicPartition, Long> ends = all.endOffsets(partitions);
                Map<TopicPartition, Long> stable = committed.endOffsets(partitions);
                if (stable.equals(ends)) {
                    break;
                }
                if (System.nanoTime() > deadline) {
                    throw new AssertionError(
                            "A transaction is still open on "
                                    + topic
                                    + ": last stable offsets "
                                    + stable
                                    + ", ends "
                                    + ends
                                    + "; "
                                    + openTransactions());
                }
                TimeUnit.MILLISECONDS.sleep(100);
            }
        }
        LOG.info(
                "No transaction open on {} after {} ms",
                topic,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started));
    }

    /**
     * Everything committed to {@code topic} so far, as a read_committed consumer sees it, in offset
     * order per partition: reads from the beginning up to the end offsets of the moment of the call
     * (for read_committed, the last stable offsets), or for 30 s at most.
     */
    public List<ConsumerRecord<byte[], byte[]>> readCommitted(String topic) {
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = consumer("read_committed")) {
            List<TopicPartition> partitions = new ArrayList<>();
            consumer.partitionsFor(topic)
                    .forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))
                    && System.nanoTime() < deadline) {
                consumer.poll(Duration.ofMillis(200)).forEach(records::add);
            }
        }
        return records;
    }

    private KafkaConsumer<byte[], byte[]> consumer(String isolationLevel) {
        Properties properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolationLevel);
        properties.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        properties.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return new KafkaConsumer<>(properties);
    }

    private void stopQuietly() {
        try {
            run("stop", STOP_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (Exception e) {
            LOG.warn("Could not stop the Kafka broker in {}", dir, e);
        }
    }

    /** Runs the script with this broker's settings; returns its output, or throws with it. */
    private String run(String command, long timeout, TimeUnit unit) throws Exception {
        Map<String, String> env = new HashMap<>();
        env.put("KAFKA_LOCAL_DIR", dir.toString());
        env.put("KAFKA_PORT", String.valueOf(port));
        env.put("KAFKA_CONTROLLER_PORT", String.valueOf(controllerPort));
        env.put("KAFKA_TOPICS", "");
        env.put("KAFKA_HEAP", "-Xms128m -Xmx384m");
        env.put("KAFKA_WATCH_PID", String.valueOf(ProcessHandle.current().pid()));
        String mavenHome = System.getProperty("kafka.broker.maven.home", "");
        if (!mavenHome.isEmpty() && Files.isExecutable(Path.of(mavenHome, "bin", "mvn"))) {
            env.put("MVN", Path.of(mavenHome, "bin", "mvn").toString());
        }
        String repository = System.getProperty("kafka.broker.maven.repo.local", "");
        env.put("KAFKA_MVN_ARGS", repository.isEmpty() ? "" : "-Dmaven.repo.local=" + repository);
        return Scripts.run(
                "kafka-local.sh", List.of(command), env, Duration.ofMillis(unit.toMillis(timeout)));
    }
}
