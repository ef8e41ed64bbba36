package org.outagepredictor.deploy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.outagepredictor.Operators;
import org.outagepredictor.event.EventKind;
import org.outagepredictor.testutils.Await;
import org.outagepredictor.testutils.FlinkClusterExtension;
import org.outagepredictor.testutils.KafkaBrokerExtension;
import org.outagepredictor.testutils.Scripts;

/**
 * The prediction job as operators run it: scripts/submit.sh turns jobs/prediction.yaml into {@code
 * flink run} against a real multi-process cluster (scripts/flink-local-cluster.sh, a JobManager and
 * TaskManagers as JVMs of their own), on a real Kafka broker. The tests follow one job through its
 * life, in order: it runs; its metrics reach Prometheus; it survives the loss of a TaskManager by
 * restoring its last checkpoint on a new one; it stops with a savepoint and resumes from it at
 * another parallelism; the Metronome job of dcos/ upgrades it through a savepoint. A later test is
 * skipped when the job it needs did not get there.
 *
 * <p>Each TaskManager has one slot, so the job at parallelism 2 needs two TaskManagers: after one
 * is killed, the job can only run again on the one started in its place.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FlinkClusterITCase {

    @RegisterExtension
    @Order(1)
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @RegisterExtension
    @Order(2)
    static final FlinkClusterExtension CLUSTER =
            new FlinkClusterExtension(2, "taskmanager.numberOfTaskSlots: 1");

    private static final String DESCRIPTOR = "jobs/prediction.yaml";
    private static final Path JOB_JAR = Path.of("target/outage-predictor-0.1.0-SNAPSHOT.jar");
    static final String INPUT_TOPIC = "ops.events";
    private static final String DEAD_LETTERS_TOPIC = "outage.dead-letters";

    /** Prefix of operator metrics in the Prometheus reporter's names. */
    private static final String OPERATOR_METRIC = "flink_taskmanager_job_task_operator_";

    /**
     * The job's own metrics, as the operators register them in open(); each must reach Prometheus.
     * Add new metrics here.
     */
    static final List<String> CUSTOM_METRICS =
            Stream.concat(
                            Stream.of(
                                    // Events and dead letters (ParsedRecordRouter), per format too.
                                    "recordsParsed",
                                    "recordsDeadLettered",
                                    "eventsOut",
                                    "recordsParsed_generic_json",
                                    "recordsDeadLettered_generic_json",
                                    // Device features (DeviceFeatures).
                                    "snapshots",
                                    "labelsPositive",
                                    "labelsNegative",
                                    "labelsDropped",
                                    "pendingFull",
                                    // Online trainer (Trainer), prequential metrics included.
                                    "examplesTrained",
                                    "modelsPublished",
                                    "modelsKept",
                                    "candidatesRefused",
                                    "modelVersion",
                                    "prequentialPrAuc",
                                    "prequentialLogLoss",
                                    "precisionAtThreshold",
                                    "recallAtThreshold",
                                    "labelDelayMinutes",
                                    // Score and alert lifecycle (Scorer).
                                    "alertsTriggered",
                                    "alertsRefreshed",
                                    "alertsResolved",
                                    "alertsHeldBack",
                                    "snapshotsRejected",
                                    "snapshotsUnscored"),
                            Stream.of(EventKind.values()).map(kind -> "eventsIn_" + kind.name()))
                    .toList();

    private static final Duration RUNNING_TIMEOUT = Duration.ofMinutes(3);
    private static final Duration CHECKPOINT_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration METRICS_TIMEOUT = Duration.ofMinutes(1);

    private static String jobId;
    private static boolean recovered;
    private static String resumedId;

    @BeforeAll
    static void createTopics() throws Exception {
        KAFKA.createJobTopics(2, INPUT_TOPIC);
    }

    @Test
    @Order(1)
    void flinkRunStartsTheJobOnTheCluster() throws Exception {
        String output = CLUSTER.submit(withKafka(KAFKA, DESCRIPTOR));
        jobId = FlinkClusterExtension.jobIdIn(output);

        JsonNode job = CLUSTER.awaitAllRunning(jobId);
        assertThat(job.get("name").asText()).isEqualTo("Outage predictor");
        assertThat(FlinkClusterExtension.parallelismOf(job, Operators.DEVICE_FEATURES.displayName))
                .isEqualTo(2);
        assertThat(FlinkClusterExtension.parallelismOf(job, Operators.TRAINER.displayName))
                .isEqualTo(1);
        JsonNode overview = CLUSTER.rest("/overview");
        assertThat(overview.get("taskmanagers").asInt()).isEqualTo(2);
        assertThat(overview.get("slots-available").asInt()).isZero();
    }

    @Test
    @Order(2)
    void everyCustomMetricReachesPrometheus() throws Exception {
        assumeTrue(jobId != null, "the job runs");
        produce(INPUT_TOPIC, "this is not JSON {");

        long deadline = System.nanoTime() + METRICS_TIMEOUT.toNanos();
        Map<String, Double> metrics = scrapeOperatorMetrics();
        while ((!metrics.keySet().containsAll(CUSTOM_METRICS)
                        || metrics.getOrDefault("recordsDeadLettered", 0.0) < 1)
                && System.nanoTime() < deadline) {
            TimeUnit.MILLISECONDS.sleep(500);
            metrics = scrapeOperatorMetrics();
        }
        assertThat(metrics)
                .as("operator metrics on Prometheus")
                .containsKeys(CUSTOM_METRICS.toArray(String[]::new));
        assertThat(metrics.get("recordsDeadLettered"))
                .as("the corrupt record, counted in Prometheus")
                .isEqualTo(1.0);
        assertThat(metrics.get("recordsParsed")).isZero();
        assertThat(metrics.get("modelVersion"))
                .as("the shipped model's version, summed over the scorers and the trainer")
                .isPositive();
        // The dead letter itself, on its topic (written at least once, so it may come later).
        assertThat(
                        Await.until(
                                "the dead letter on " + DEAD_LETTERS_TOPIC,
                                METRICS_TIMEOUT,
                                () -> KAFKA.readCommitted(DEAD_LETTERS_TOPIC),
                                records -> !records.isEmpty()))
                .hasSize(1);
    }

    @Test
    @Order(3)
    void recoversFromItsLastCheckpointOnANewTaskManager() throws Exception {
        assumeTrue(jobId != null, "the job runs");
        long checkpoint = CLUSTER.awaitCheckpointAfter(jobId, 0);

        assertThat(CLUSTER.cluster("kill-taskmanager", "tm-1")).contains("Killed TaskManager tm-1");
        assertThat(CLUSTER.cluster("start", "--taskmanagers", "2"))
                .contains("TaskManager tm-3 is running");

        CLUSTER.awaitAllRunning(jobId);
        JsonNode restored = awaitRestore(jobId);
        assertThat(restored.get("is_savepoint").asBoolean()).isFalse();
        assertThat(restored.get("id").asLong()).isGreaterThanOrEqualTo(checkpoint);
        assertThat(CLUSTER.taskManagersOf(jobId, Operators.DEVICE_FEATURES.displayName))
                .as("where the restored job runs")
                .contains("tm-3")
                .doesNotContain("tm-1");
        // Healthy again: it checkpoints after the restore.
        CLUSTER.awaitCheckpointAfter(jobId, restored.get("id").asLong());
        recovered = true;
    }

    @Test
    @Order(4)
    void stopsWithASavepointAndResumesFromItAtAnotherParallelism() throws Exception {
        assumeTrue(recovered, "the job runs after its recovery");
        String stopped = CLUSTER.submit("--stop", DESCRIPTOR);
        Matcher savepoint = Pattern.compile("(?m)^savepoint: (\\S+)$").matcher(stopped);
        assertThat(savepoint.find()).as("a savepoint path in:%n%s", stopped).isTrue();
        Await.until(
                "the stopped job FINISHED",
                RUNNING_TIMEOUT,
                () -> CLUSTER.rest("/jobs/" + jobId),
                job -> job.get("state").asText().equals("FINISHED"));

        assertThat(CLUSTER.cluster("start", "--taskmanagers", "3")).contains("is running");
        String resumed =
                CLUSTER.submit(
                        withKafka(
                                KAFKA,
                                DESCRIPTOR,
                                "--savepoint",
                                savepoint.group(1),
                                "--parallelism",
                                "3"));
        String resumed3 = FlinkClusterExtension.jobIdIn(resumed);
        assertThat(resumed3).isNotEqualTo(jobId);

        JsonNode job = CLUSTER.awaitAllRunning(resumed3);
        assertThat(FlinkClusterExtension.parallelismOf(job, Operators.DEVICE_FEATURES.displayName))
                .isEqualTo(3);
        assertThat(FlinkClusterExtension.parallelismOf(job, Operators.SCORER.displayName))
                .isEqualTo(3);
        JsonNode restored = awaitRestore(resumed3);
        assertThat(restored.get("is_savepoint").asBoolean()).isTrue();
        assertThat(restored.get("external_path").asText()).isEqualTo(savepoint.group(1));
        CLUSTER.awaitCheckpointAfter(resumed3, restored.get("id").asLong());
        resumedId = resumed3;
    }

    /**
     * The Metronome job of dcos/ that submits or upgrades the prediction job, its command run as
     * Metronome runs it: {@code sh -c}, its artifacts in the sandbox, {@code flink} on the PATH (in
     * the flink image, bin/flink; here Flink's CLI from Maven's jars). It finds the running job,
     * stops it with a savepoint and starts the jar from it at the job's PARALLELISM.
     */
    @Test
    @Order(5)
    void theMetronomeJobUpgradesTheRunningJob(@TempDir Path sandbox) throws Exception {
        assumeTrue(resumedId != null, "the resumed job runs");
        JsonNode run =
                new ObjectMapper()
                        .readTree(Path.of("dcos", "submit-prediction-job.job.json").toFile())
                        .path("run");
        Files.copy(JOB_JAR, sandbox.resolve(JOB_JAR.getFileName()));
        Files.writeString(
                sandbox.resolve("prediction-job.properties"),
                "kafka.inputs = generic-json:" + INPUT_TOPIC + "\n");
        for (JsonNode artifact : run.path("artifacts")) {
            String name = artifact.path("uri").asText().replaceAll(".*/", "");
            assertThat(sandbox.resolve(name)).as("artifact %s in the sandbox", name).exists();
        }
        Path bin = Files.createDirectories(sandbox.resolve("bin"));
        Files.writeString(
                bin.resolve("flink"),
                String.join(
                        "\n",
                        "#!/usr/bin/env bash",
                        "export FLINK_CONF_DIR=" + Path.of("config/client").toAbsolutePath(),
                        "exec "
                                + Path.of(System.getProperty("java.home"), "bin", "java")
                                + " "
                                + System.getProperty("job.jvm.flags", "")
                                + " -Dlog4j.configurationFile="
                                + Path.of("config/client/log4j-cli.properties").toAbsolutePath()
                                + " -cp "
                                + Files.readString(Path.of("target/classpath-provided.txt")).trim()
                                + " org.apache.flink.client.cli.CliFrontend \"$@\"",
                        ""));
        assertThat(bin.resolve("flink").toFile().setExecutable(true)).isTrue();
        Map<String, String> env = new HashMap<>();
        run.path("env").fields().forEachRemaining(e -> env.put(e.getKey(), e.getValue().asText()));
        env.put("FLINK_JOBMANAGER", CLUSTER.restAddress());
        env.put("KAFKA_BOOTSTRAP_SERVERS", KAFKA.bootstrapServers());
        env.put("PARALLELISM", "2");
        env.put("MESOS_SANDBOX", sandbox.toString());
        env.put("PATH", bin + File.pathSeparator + System.getenv("PATH"));

        String output =
                Scripts.run(
                        List.of("sh", "-c", run.path("cmd").asText()),
                        env,
                        Duration.ofMinutes(3),
                        "the Metronome job's cmd");
        assertThat(output).contains("Upgrading job " + resumedId);
        Matcher savepoint = Pattern.compile("(?m)^savepoint: (\\S+)$").matcher(output);
        assertThat(savepoint.find()).as("a savepoint in:%n%s", output).isTrue();
        Matcher submitted = Pattern.compile("submitted with JobID ([0-9a-f]{32})").matcher(output);
        assertThat(submitted.find()).as("a job id in:%n%s", output).isTrue();

        JsonNode job = CLUSTER.awaitAllRunning(submitted.group(1));
        assertThat(FlinkClusterExtension.parallelismOf(job, Operators.DEVICE_FEATURES.displayName))
                .isEqualTo(2);
        JsonNode restored = awaitRestore(submitted.group(1));
        assertThat(restored.get("external_path").asText()).isEqualTo(savepoint.group(1));
        assertThat(CLUSTER.rest("/jobs/" + resumedId).get("state").asText()).isEqualTo("FINISHED");
    }

    /**
     * submit.sh's arguments: the descriptor's job on the test's broker {@code kafka} and its one
     * input, {@value #INPUT_TOPIC}; more job arguments may follow.
     */
    static String[] withKafka(KafkaBrokerExtension kafka, String... submitArguments) {
        List<String> arguments = new ArrayList<>(List.of(submitArguments));
        arguments.addAll(
                List.of(
                        "--",
                        "--job.input",
                        "kafka",
                        "--kafka.bootstrap-servers",
                        kafka.bootstrapServers(),
                        "--kafka.inputs",
                        "generic-json:" + INPUT_TOPIC,
                        "--alerts.print",
                        "false"));
        return arguments.toArray(String[]::new);
    }

    /** Waits until the job reports a restore (from a checkpoint or savepoint); returns it. */
    private static JsonNode awaitRestore(String id) throws Exception {
        return Await.until(
                "a restore of job " + id,
                CHECKPOINT_TIMEOUT,
                () -> CLUSTER.rest("/jobs/" + id + "/checkpoints").path("latest").path("restored"),
                restored -> !restored.isMissingNode() && !restored.isNull());
    }

    /**
     * The operator metrics that all the cluster's Prometheus reporters serve, by name without the
     * prefix, each summed over its series (subtasks, TaskManagers).
     */
    private static Map<String, Double> scrapeOperatorMetrics() throws Exception {
        Pattern line =
                Pattern.compile(
                        "^" + OPERATOR_METRIC + "(\\w+)\\{[^}]*\\}\\s+(\\S+)$", Pattern.MULTILINE);
        Map<String, Double> metrics = new HashMap<>();
        for (String text : CLUSTER.scrapePrometheus()) {
            Matcher matcher = line.matcher(text);
            while (matcher.find()) {
                double value;
                try {
                    value = Double.parseDouble(matcher.group(2));
                } catch (NumberFormatException e) {
                    continue;
                }
                metrics.merge(matcher.group(1), Double.isNaN(value) ? 0 : value, Double::sum);
            }
        }
        return metrics;
    }

    private static void produce(String topic, String value) throws Exception {
        Properties properties = new Properties();
        properties.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, KAFKA.bootstrapServers());
        properties.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        properties.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(properties)) {
            producer.send(new ProducerRecord<>(topic, value.getBytes(StandardCharsets.UTF_8)))
                    .get(30, TimeUnit.SECONDS);
        }
    }
}
