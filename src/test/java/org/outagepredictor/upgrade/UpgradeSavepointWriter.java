package org.outagepredictor.upgrade;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.SortedMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.flink.api.common.JobID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.runtime.client.JobStatusMessage;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.minicluster.MiniClusterConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.util.TestStreamEnvironment;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.outagepredictor.PredictionJob;
import org.outagepredictor.alerting.LocalAlertSink;
import org.outagepredictor.ingest.KafkaInputs;
import org.outagepredictor.ingest.KafkaOptions;
import org.outagepredictor.testutils.FleetRecords;
import org.outagepredictor.testutils.KafkaBrokerExtension;

/**
 * Writes the savepoint that {@code UpgradeITCase} upgrades from, with the build it runs on: an
 * older build of the job (scripts/upgrade-savepoint.sh runs this class with that build's jar first
 * on the classpath). On a broker given as the first argument, it produces the first {@value
 * #EVENTS_BEFORE} events of a small simulated fleet, runs the prediction job on them at parallelism
 * {@value #OLD_PARALLELISM} in a MiniCluster with RocksDB until the job has committed the ends of
 * its input as its offsets, then stops it with a canonical savepoint into the directory given as
 * the second argument, and writes beside it {@value #STATE_FILE}: the savepoint's state as this
 * build reads it ({@link SavepointStates}).
 *
 * <p>Only classes, constructors and option keys that the older builds have too are used here (the
 * options as plain keys), so that this class, compiled with the current sources, runs on the old
 * jar.
 */
public final class UpgradeSavepointWriter {

    static final String EVENTS_TOPIC = "upgrade.events";
    static final int PARTITIONS = 2;
    static final int DEVICES = 8;
    static final long SEED = 21L;
    static final int EVENTS_BEFORE = 20_000;
    static final int OLD_PARALLELISM = 2;
    static final String STATE_FILE = "state.tsv";
    static final String RUN = "upgrade";

    private UpgradeSavepointWriter() {}

    /**
     * The job's options for the upgrade test's runs, old and new: Kafka inputs and outputs under
     * {@value #RUN}, as plain keys (a key an older build does not know, such as the scores or the
     * labels topic, is ignored by it).
     */
    static Configuration jobOptions(String bootstrapServers) {
        Configuration options = new Configuration();
        options.setString("job.input", "kafka");
        options.setString("kafka.bootstrap-servers", bootstrapServers);
        options.setString("kafka.group-id", RUN);
        options.setString("kafka.inputs", "generic-json:" + EVENTS_TOPIC);
        options.setString("kafka.starting-offsets", "earliest");
        options.setString("kafka.alerts-topic", RUN + ".alerts");
        options.setString("kafka.dead-letters-topic", RUN + ".dead-letters");
        options.setString("kafka.model-versions-topic", RUN + ".model-versions");
        options.setString("kafka.scores-topic", RUN + ".scores");
        options.setString("kafka.labels-topic", RUN + ".labels");
        options.setString("kafka.transactional-id-prefix", RUN);
        options.setString("kafka.transaction-timeout", "2 min");
        // Simulated time starts in 2026-01; only the events' order matters here.
        options.setString("ingest.max-past-age", "3650 d");
        options.setString("alerts.print", "false");
        return options;
    }

    /**
     * Starts the prediction job with {@code options} on {@code env} (Kafka inputs, alerts to no
     * console or file); the future completes when the job ends.
     */
    static CompletableFuture<Void> start(Configuration options, StreamExecutionEnvironment env) {
        return CompletableFuture.runAsync(
                () -> {
                    try {
                        new PredictionJob(
                                        options,
                                        PredictionJob.loadStartModel(options),
                                        KafkaInputs.from(KafkaOptions.from(options)),
                                        new LocalAlertSink(false, null))
                                .execute(env);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                });
    }

    /** The topics of {@link #jobOptions}, each with its partitions. */
    static Map<String, Integer> topics() {
        Map<String, Integer> topics = new HashMap<>();
        topics.put(EVENTS_TOPIC, PARTITIONS);
        topics.put(RUN + ".alerts", 2);
        for (String topic : List.of("dead-letters", "model-versions", "scores", "labels")) {
            topics.put(RUN + "." + topic, 1);
        }
        return topics;
    }

    public static void main(String[] args) throws Exception {
        String bootstrapServers = args[0];
        Path out = Path.of(args[1]).toAbsolutePath();
        Properties admin = new Properties();
        admin.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        try (Admin kafka = Admin.create(admin)) {
            List<NewTopic> topics = new ArrayList<>();
            topics().forEach(
                            (name, partitions) ->
                                    topics.add(new NewTopic(name, partitions, (short) 1)));
            kafka.createTopics(topics).all().get(30, TimeUnit.SECONDS);
            KafkaBrokerExtension.produce(
                    bootstrapServers,
                    FleetRecords.of(EVENTS_TOPIC, DEVICES, SEED, 0, EVENTS_BEFORE));

            Configuration flink = new Configuration();
            flink.setString("state.backend.type", "rocksdb");
            flink.setString("taskmanager.memory.managed.size", "256m");
            MiniCluster cluster =
                    new MiniCluster(
                            new MiniClusterConfiguration.Builder()
                                    .setNumTaskManagers(1)
                                    .setNumSlotsPerTaskManager(OLD_PARALLELISM)
                                    .setConfiguration(flink)
                                    .build());
            try {
                cluster.start();
                TestStreamEnvironment.setAsContext(cluster, OLD_PARALLELISM);
                Configuration options = jobOptions(bootstrapServers);
                StreamExecutionEnvironment env =
                        StreamExecutionEnvironment.getExecutionEnvironment();
                env.enableCheckpointing(500);
                CompletableFuture<Void> run = start(options, env);
                awaitCommittedToTheEnd(bootstrapServers);
                // A few more checkpoints with nothing to read: no transaction left open.
                TimeUnit.SECONDS.sleep(3);
                JobID job = null;
                for (JobStatusMessage status : cluster.listJobs().get()) {
                    job = status.getJobId();
                }
                Path taken = Files.createTempDirectory("upgrade-savepoint-");
                String savepoint =
                        cluster.stopWithSavepoint(
                                        job,
                                        taken.toUri().toString(),
                                        false,
                                        SavepointFormatType.CANONICAL)
                                .get(2, TimeUnit.MINUTES);
                run.get(2, TimeUnit.MINUTES);
                Files.createDirectories(out);
                try (Stream<Path> files = Files.list(Path.of(URI.create(savepoint)))) {
                    for (Path file : (Iterable<Path>) files::iterator) {
                        Files.move(
                                file,
                                out.resolve(file.getFileName()),
                                StandardCopyOption.REPLACE_EXISTING);
                    }
                }
                SortedMap<String, String> state = SavepointStates.read(out.toUri().toString());
                StringBuilder text = new StringBuilder();
                state.forEach(
                        (field, value) ->
                                text.append(field).append('\t').append(value).append('\n'));
                Files.writeString(out.resolve(STATE_FILE), text);
                System.out.println("Savepoint of " + state.size() + " state fields in " + out);
            } finally {
                TestStreamEnvironment.unsetAsContext();
                cluster.close();
            }
        }
        // The Kafka clients' and Flink's threads would keep the JVM alive.
        System.exit(0);
    }

    /**
     * Waits until the job's group ({@value #RUN}) has committed the end offsets of every input
     * partition: the job has read all its input, and checkpointed after it.
     */
    static void awaitCommittedToTheEnd(String bootstrapServers) throws Exception {
        Properties admin = new Properties();
        admin.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        Admin kafka = Admin.create(admin);
        try {
            awaitCommittedToTheEnd(kafka);
        } finally {
            kafka.close();
        }
    }

    private static void awaitCommittedToTheEnd(Admin kafka) throws Exception {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        for (int p = 0; p < PARTITIONS; p++) {
            latest.put(new TopicPartition(EVENTS_TOPIC, p), OffsetSpec.latest());
        }
        Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends =
                kafka.listOffsets(latest).all().get(30, TimeUnit.SECONDS);
        long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
        while (System.nanoTime() < deadline) {
            Map<TopicPartition, OffsetAndMetadata> committed =
                    kafka.listConsumerGroupOffsets(RUN)
                            .partitionsToOffsetAndMetadata()
                            .get(30, TimeUnit.SECONDS);
            if (ends.entrySet().stream()
                    .allMatch(
                            end ->
                                    committed.get(end.getKey()) != null
                                            && committed.get(end.getKey()).offset()
                                                    == end.getValue().offset())) {
                return;
            }
            TimeUnit.MILLISECONDS.sleep(500);
        }
        throw new IllegalStateException("The job did not read its input to the end");
    }
}
