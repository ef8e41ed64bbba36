package org.outagepredictor;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.outagepredictor.faults.FailureInjector;
import org.outagepredictor.ingest.IngestOptions;
import org.outagepredictor.ingest.KafkaOptions;
import org.outagepredictor.model.TrainerOptions;
import org.outagepredictor.testutils.CapturedLogs;
import org.outagepredictor.testutils.KafkaBrokerExtension;
import org.outagepredictor.testutils.MiniClusters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Exactly-once alerts under failures, in the manner of Flink's own checkpointing tests: a simulated
 * fleet's events on a real broker (each device's events in order on one partition) run through the
 * job once without faults, and then at parallelism 1 and 4 with three failures injected ({@code
 * test.failures}): in processing at a quarter of each subtask's events, in {@code snapshotState} at
 * a half, and in processing at three quarters. A read_committed consumer of each run's alerts topic
 * is the checker: the faulty runs hold exactly the alerts of the run without faults, none lost and
 * none twice, though the job restarted three times from its checkpoints (with RocksDB state and the
 * Kafka sources' offsets).
 *
 * <p>Training is switched off: with it, when a new model version reaches the scorer depends on
 * timing, so even two fault-free runs may alert differently. That the trainer resumes exactly after
 * a restore is shown by {@code TrainerTest}.
 */
class ExactlyOnceITCase {

    private static final Logger LOG = LoggerFactory.getLogger(ExactlyOnceITCase.class);

    private static final String EVENTS = "eo.events";
    private static final int PARTITIONS = 4;
    private static final int DEVICES = 40;
    private static final int EVENT_COUNT = 160_000;

    @RegisterExtension
    @Order(1)
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @RegisterExtension
    @Order(2)
    static final MiniClusterExtension CLUSTER = MiniClusters.rocksDbWithRestarts(4, 10, "200 ms");

    private static List<String> expected;

    @BeforeAll
    static void produceTheFleetAndRunItOnceWithoutFaults() throws Exception {
        KAFKA.createTopic(EVENTS, PARTITIONS);
        KAFKA.produceFleet(EVENTS, DEVICES, 3L, EVENT_COUNT);
        expected = run(1, List.of());
        LOG.info("Figures: {} events, {} alerts without faults", EVENT_COUNT, expected.size());
        assertThat(expected).as("alerts of the run without faults").hasSizeGreaterThan(10);
    }

    @Test
    void atParallelismOneNoAlertIsLostOrDuplicatedAcrossThreeRestarts() throws Exception {
        assertExactlyOnce(1);
    }

    @Test
    void atParallelismFourNoAlertIsLostOrDuplicatedAcrossThreeRestarts() throws Exception {
        assertExactlyOnce(4);
    }

    private static void assertExactlyOnce(int parallelism) throws Exception {
        long perSubtask = EVENT_COUNT / parallelism;
        List<String> failures =
                List.of(
                        "events:" + perSubtask / 4,
                        "snapshot:" + perSubtask / 2,
                        "events:" + perSubtask * 3 / 4);
        List<String> injected;
        List<String> alerts;
        try (CapturedLogs logs = CapturedLogs.of(FailureInjector.class.getName())) {
            alerts = run(parallelism, failures);
            injected = logs.lines().stream().filter(l -> l.contains("Injected failure")).toList();
        }
        LOG.info(
                "Figures: parallelism {}: {} failures injected ({}), {} alerts committed, {}"
                        + " expected",
                parallelism,
                injected.size(),
                failures,
                alerts.size(),
                expected.size());
        assertThat(injected.stream().map(l -> l.replaceAll(" of subtask.*", "")).distinct())
                .as("each of the three failures happened")
                .hasSize(3);
        LOG.info(
                "Committed alerts against the run without faults: {}",
                KafkaBrokerExtension.differences(alerts, expected));
        assertThat(alerts)
                .as("committed alerts: exactly those of the run without faults")
                .containsExactlyInAnyOrderElementsOf(expected);
    }

    /**
     * Runs the job on the events topic to its end; returns the committed alerts, each as its dedup
     * key, status, event time and probability.
     */
    private static List<String> run(int parallelism, List<String> failures) throws Exception {
        Configuration options =
                KAFKA.jobOptions("generic-json:" + EVENTS, "eo-" + UUID.randomUUID());
        // Simulated time starts in 2026-01; only the events' order matters here.
        options.set(IngestOptions.MAX_PAST_AGE, Duration.ofDays(365 * 30));
        options.set(TrainerOptions.ENABLED, false);
        options.set(PredictionJob.PRINT_ALERTS, false);
        options.set(FailureInjector.FAILURES, failures);

        KafkaBrokerExtension.runToTheEnd(options, parallelism, 300);
        return KAFKA.committedAlerts(options.get(KafkaOptions.ALERTS_TOPIC));
    }
}
