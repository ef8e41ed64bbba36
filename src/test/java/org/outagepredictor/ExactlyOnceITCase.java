package org.outagepredictor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.UUID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.outagepredictor.faults.FailureInjector;
import org.outagepredictor.features.LabelOptions;
import org.outagepredictor.ingest.IngestOptions;
import org.outagepredictor.ingest.KafkaOptions;
import org.outagepredictor.model.TrainerOptions;
import org.outagepredictor.testutils.CapturedLogs;
import org.outagepredictor.testutils.KafkaBrokerExtension;
import org.outagepredictor.testutils.MiniClusters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exactly-once alerts and labels under failures, in the manner of Flink's own checkpointing tests:
 * a simulated fleet's events on a real broker (each device's events in order on one partition) run
 * through the job once without faults, and then at parallelism 1 and 4 with three failures injected
 * ({@code test.failures}): in processing at a quarter of each subtask's events, in {@code
 * snapshotState} at a half, and in processing at three quarters. A read_committed consumer of each
 * run's alerts and labels topics is the checker: the faulty runs hold exactly the alerts and the
 * labelled examples (feature values included) of the run without faults, none lost and none twice,
 * though the job restarted three times from its checkpoints (with RocksDB state and the Kafka
 * sources' offsets).
 *
 * <p>Training is switched off there: with it, when a new model version reaches the scorer depends
 * on timing, so even two fault-free runs may alert differently. The third test switches it on, at
 * parallelism 1 on a topic of one partition, where the trainer sees the labels in the same order in
 * every run, and in the order of the events: publication checks go by count only ({@code
 * trainer.publish-interval} 0), and no periodic watermark fires label timers between the events
 * ({@code pipeline.auto-watermark-interval} 0; the timers fire at the end of the input). The model
 * versions of a run with the three failures must then be those of a run without, coefficient for
 * coefficient, so the trainer's state resumed exactly, and the labels again none lost and none
 * twice.
 */
class ExactlyOnceITCase {

    private static final Logger LOG = LoggerFactory.getLogger(ExactlyOnceITCase.class);

    private static final String EVENTS = "eo.events";
    private static final String EVENTS_ONE_PARTITION = "eo.events-one-partition";
    private static final int PARTITIONS = 4;
    private static final int DEVICES = 40;
    private static final int EVENT_COUNT = 160_000;

    private static final ObjectMapper JSON = new ObjectMapper();

    @RegisterExtension
    @Order(1)
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @RegisterExtension
    @Order(2)
    static final MiniClusterExtension CLUSTER = MiniClusters.rocksDbWithRestarts(4, 10, "200 ms");

    private static Output expected;

    /** What a run committed: alerts and labels, each record as {@link #run} gives it. */
    private record Output(List<String> alerts, List<String> labels, List<String> modelVersions) {}

    @BeforeAll
    static void produceTheFleetAndRunItOnceWithoutFaults() throws Exception {
        KAFKA.createTopic(EVENTS, PARTITIONS);
        KAFKA.produceFleet(EVENTS, DEVICES, 3L, EVENT_COUNT);
        expected = run(EVENTS, 1, false, List.of());
        LOG.info(
                "Figures: {} events, {} alerts and {} labels without faults",
                EVENT_COUNT,
                expected.alerts().size(),
                expected.labels().size());
        assertThat(expected.alerts()).as("alerts of the run without faults").hasSizeGreaterThan(10);
        assertThat(expected.labels()).as("labels of the run without faults").hasSizeGreaterThan(10);
    }

    @Test
    void atParallelismOneNoAlertOrLabelIsLostOrDuplicatedAcrossThreeRestarts() throws Exception {
        assertExactlyOnce(1);
    }

    @Test
    void atParallelismFourNoAlertOrLabelIsLostOrDuplicatedAcrossThreeRestarts() throws Exception {
        assertExactlyOnce(4);
    }

    @Test
    void withTrainingTheModelVersionsAreThoseOfTheRunWithoutFaults() throws Exception {
        KAFKA.createTopic(EVENTS_ONE_PARTITION, 1);
        KAFKA.produceFleet(EVENTS_ONE_PARTITION, DEVICES, 3L, EVENT_COUNT);
        Output clean = run(EVENTS_ONE_PARTITION, 1, true, List.of());
        assertThat(clean.modelVersions())
                .as("model versions published in the run without faults")
                .hasSizeGreaterThan(1);

        List<String> injected = new ArrayList<>();
        Output faulty = runWithFailures(EVENTS_ONE_PARTITION, 1, true, injected);
        LOG.info(
                "Figures: training on, parallelism 1: {} failures injected, {} model versions"
                        + " published, {} expected; {} labels committed, {} expected",
                injected.size(),
                faulty.modelVersions().size(),
                clean.modelVersions().size(),
                faulty.labels().size(),
                clean.labels().size());
        assertThat(injected).as("each of the three failures happened").hasSize(3);
        assertThat(faulty.modelVersions())
                .as("model versions: those of the run without faults, in order")
                .containsExactlyElementsOf(clean.modelVersions());
        KafkaBrokerExtension.assertExactlyThoseWithoutFaults(
                "labels", faulty.labels(), clean.labels());
    }

    private static void assertExactlyOnce(int parallelism) throws Exception {
        List<String> injected = new ArrayList<>();
        Output output = runWithFailures(EVENTS, parallelism, false, injected);
        LOG.info(
                "Figures: parallelism {}: {} failures injected, {} alerts committed, {} expected;"
                        + " {} labels committed, {} expected",
                parallelism,
                injected.size(),
                output.alerts().size(),
                expected.alerts().size(),
                output.labels().size(),
                expected.labels().size());
        assertThat(injected).as("each of the three failures happened").hasSize(3);
        KafkaBrokerExtension.assertExactlyThoseWithoutFaults(
                "alerts", output.alerts(), expected.alerts());
        KafkaBrokerExtension.assertExactlyThoseWithoutFaults(
                "labels", output.labels(), expected.labels());
    }

    /**
     * Runs with the three failures at a quarter, a half (in {@code snapshotState}) and three
     * quarters of each subtask's events; adds the failures that happened to {@code injected}, one
     * entry per failure, whichever subtasks it hit.
     */
    private static Output runWithFailures(
            String topic, int parallelism, boolean training, List<String> injected)
            throws Exception {
        long perSubtask = EVENT_COUNT / parallelism;
        List<String> failures =
                List.of(
                        "events:" + perSubtask / 4,
                        "snapshot:" + perSubtask / 2,
                        "events:" + perSubtask * 3 / 4);
        Output output;
        try (CapturedLogs logs = CapturedLogs.of(FailureInjector.class.getName())) {
            output = run(topic, parallelism, training, failures);
            logs.lines().stream()
                    .filter(l -> l.contains("Injected failure"))
                    .map(l -> l.replaceAll(" of subtask.*", ""))
                    .distinct()
                    .forEach(injected::add);
        }
        LOG.info("Failures asked for: {}; injected: {}", failures, injected);
        return output;
    }

    /**
     * Runs the job on {@code topic} to its end; returns the committed alerts, each as its dedup
     * key, status, event time and probability, the committed labels, each as its JSON, and the
     * model versions, each as its JSON without its wall-clock publication time, once per version
     * (the topic is at least once) in version order.
     */
    private static Output run(
            String topic, int parallelism, boolean training, List<String> failures)
            throws Exception {
        Configuration options =
                KAFKA.jobOptions("generic-json:" + topic, "eo-" + UUID.randomUUID());
        // Simulated time starts in 2026-01; only the events' order matters here.
        options.set(IngestOptions.MAX_PAST_AGE, Duration.ofDays(365 * 30));
        options.set(TrainerOptions.ENABLED, training);
        options.set(TrainerOptions.PUBLISH_INTERVAL, Duration.ZERO);
        // Small checks that publish whatever they find, so that the runs publish several versions:
        // a candidate is decided on a single example whose label has come, and with a short
        // horizon labels come soon.
        options.set(TrainerOptions.PUBLISH_EVERY, 20);
        options.set(TrainerOptions.MIN_WINDOW_EXAMPLES, 1);
        options.set(TrainerOptions.PUBLISH_TOLERANCE, 1.0);
        options.set(LabelOptions.HORIZON, Duration.ofMinutes(30));
        options.set(PredictionJob.PRINT_ALERTS, false);
        options.set(FailureInjector.FAILURES, failures);

        Configuration flink = new Configuration();
        if (training) {
            // No watermarks before the end of the input, so that labels come in the order of the
            // events, not also when a periodic watermark fires a timer.
            flink.set(PipelineOptions.AUTO_WATERMARK_INTERVAL, Duration.ZERO);
        }
        KafkaBrokerExtension.runToTheEnd(options, parallelism, 300, flink);
        return new Output(
                KAFKA.committedAlerts(options.get(KafkaOptions.ALERTS_TOPIC)),
                KAFKA.committedValues(options.get(KafkaOptions.LABELS_TOPIC)),
                modelVersions(
                        KAFKA.committedValues(options.get(KafkaOptions.MODEL_VERSIONS_TOPIC))));
    }

    private static List<String> modelVersions(List<String> records) throws Exception {
        TreeMap<Long, String> byVersion = new TreeMap<>();
        for (String record : records) {
            ObjectNode version = (ObjectNode) JSON.readTree(record);
            version.remove("publishedAt");
            byVersion.put(version.path("version").asLong(), version.toString());
        }
        return new ArrayList<>(byVersion.values());
    }
}
