package org.outagepredictor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.outagepredictor.ingest.IngestOptions;
import org.outagepredictor.ingest.KafkaOptions;
import org.outagepredictor.model.TrainerOptions;
import org.outagepredictor.testutils.CapturedLogs;
import org.outagepredictor.testutils.KafkaBrokerExtension;
import org.outagepredictor.testutils.MiniClusters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Kafka broker goes away in the middle of a run and comes back: a simulated fleet's events on a
 * real broker run through the job on Kafka inputs (exactly-once alerts, checkpoints every 300 ms),
 * once without faults and once while the broker is down for {@value #OUTAGE_SECONDS} s (killed with
 * SIGKILL, as a crash or a lost machine would, see {@link KafkaBrokerExtension#kill} for why not
 * SIGTERM) and then started again on the same ports with the same data, as its supervisor would.
 * The run with the outage must still read its topic to the end, and a read_committed consumer must
 * find exactly the alerts of the run without faults, once no transaction is open on the topic: none
 * lost, none twice. The outage must also show: the Kafka clients in the job log warnings that name
 * the broker's address, and whatever restarts the job made are in its exception history (the
 * dashboard's Exceptions tab), both counted in the {@code Figures:} line.
 *
 * <p>Whether the job restarts depends on where the outage finds it: a consumer whose broker is gone
 * just retries its fetches, and a producer blocks in flush or commit for up to {@code
 * delivery.timeout.ms} (2 min), longer than the outage; so the job may ride out the outage without
 * a restart. What must hold either way is that nothing is lost or duplicated and that the outage
 * did not pass in silence.
 */
class KafkaOutageITCase {

    private static final Logger LOG = LoggerFactory.getLogger(KafkaOutageITCase.class);

    private static final String EVENTS = "outage-test.events";
    private static final int PARTITIONS = 2;
    private static final int DEVICES = 30;
    private static final int EVENT_COUNT = 400_000;
    private static final int PARALLELISM = 2;
    private static final int OUTAGE_SECONDS = 8;

    /** Checkpoints the faulty run completes before the broker is stopped: it is well under way. */
    private static final int CHECKPOINTS_BEFORE_OUTAGE = 1;

    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(4);

    @RegisterExtension
    @Order(1)
    static final KafkaBrokerExtension KAFKA = new KafkaBrokerExtension();

    @RegisterExtension
    @Order(2)
    static final MiniClusterExtension CLUSTER =
            MiniClusters.rocksDbWithRestarts(PARALLELISM, 10, "1 s");

    @Test
    void theJobRecoversFromABrokerOutageWithEveryAlertCommittedOnceAndTheOutageSurfaced()
            throws Exception {
        KAFKA.createTopic(EVENTS, PARTITIONS);
        KAFKA.produceFleet(EVENTS, DEVICES, 5L, EVENT_COUNT);

        long started = System.nanoTime();
        Configuration clean = options();
        KafkaBrokerExtension.runToTheEnd(clean, PARALLELISM, 300);
        long cleanMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        List<String> expected = KAFKA.committedAlerts(clean.get(KafkaOptions.ALERTS_TOPIC));
        assertThat(expected).as("alerts of the run without faults").hasSizeGreaterThan(10);

        Configuration faulty = options();
        List<String> warnings;
        long stoppedAt;
        long restartedAt;
        String jobId;
        started = System.nanoTime();
        try (CapturedLogs kafkaLogs = CapturedLogs.of("org.apache.kafka", Level.WARN)) {
            CompletableFuture<Void> run =
                    CompletableFuture.runAsync(
                            () -> {
                                try {
                                    KafkaBrokerExtension.runToTheEnd(faulty, PARALLELISM, 300);
                                } catch (Exception e) {
                                    throw new IllegalStateException(e);
                                }
                            });
            jobId = awaitCheckpoints(run);
            stoppedAt = System.currentTimeMillis();
            LOG.info("Killing the broker: {}", KAFKA.kill());
            TimeUnit.SECONDS.sleep(OUTAGE_SECONDS);
            LOG.info("Restarting the broker: {}", KAFKA.restart());
            restartedAt = System.currentTimeMillis();
            run.get(RUN_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            warnings =
                    kafkaLogs.lines().stream()
                            .filter(line -> line.contains(KAFKA.bootstrapServers()))
                            .toList();
        }
        long faultyMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - started);
        JsonNode job = MiniClusters.rest(CLUSTER, "/jobs/" + jobId);
        List<String> restarts = new ArrayList<>();
        for (JsonNode entry :
                MiniClusters.rest(CLUSTER, "/jobs/" + jobId + "/exceptions")
                        .path("exceptionHistory")
                        .path("entries")) {
            restarts.add(entry.path("exceptionName").asText());
        }
        List<String> alerts = KAFKA.committedAlerts(faulty.get(KafkaOptions.ALERTS_TOPIC));

        LOG.info(
                "Figures: {} events, broker down {} s in the middle of the run: {} alerts"
                        + " committed, {} expected; {} Kafka client warnings naming {}, {}"
                        + " restarts {}; run {} ms without faults, {} ms with the outage",
                EVENT_COUNT,
                OUTAGE_SECONDS,
                alerts.size(),
                expected.size(),
                warnings.size(),
                KAFKA.bootstrapServers(),
                restarts.size(),
                restarts,
                cleanMillis,
                faultyMillis);
        warnings.stream().limit(3).forEach(line -> LOG.info("For example: {}", line));

        assertThat(job.path("state").asText()).isEqualTo("FINISHED");
        assertThat(job.path("end-time").asLong())
                .as("the job was still running when the broker came back")
                .isGreaterThan(restartedAt);
        KafkaBrokerExtension.assertExactlyThoseWithoutFaults("alerts", alerts, expected);
        assertThat(warnings)
                .as("warnings of the job's Kafka clients about the lost broker")
                .isNotEmpty();
        assertThat(job.path("start-time").asLong()).isLessThan(stoppedAt);
    }

    private static Configuration options() throws Exception {
        Configuration options =
                KAFKA.jobOptions("generic-json:" + EVENTS, "outage-" + UUID.randomUUID());
        // Simulated time starts in 2026-01; only the events' order matters here.
        options.set(IngestOptions.MAX_PAST_AGE, Duration.ofDays(365 * 30));
        options.set(TrainerOptions.ENABLED, false);
        options.set(PredictionJob.PRINT_ALERTS, false);
        return options;
    }

    /**
     * Waits until the running job has completed {@value #CHECKPOINTS_BEFORE_OUTAGE} checkpoints;
     * returns its id. Fails if the run ends first (the outage would then miss it).
     */
    private static String awaitCheckpoints(CompletableFuture<Void> run) throws Exception {
        long deadline = System.nanoTime() + RUN_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            assertThat(run).as("the run, before the outage").isNotDone();
            for (JsonNode job : MiniClusters.rest(CLUSTER, "/jobs/overview").path("jobs")) {
                if (!job.path("state").asText().equals("RUNNING")) {
                    continue;
                }
                String id = job.path("jid").asText();
                long completed =
                        MiniClusters.rest(CLUSTER, "/jobs/" + id + "/checkpoints")
                                .path("counts")
                                .path("completed")
                                .asLong();
                if (completed >= CHECKPOINTS_BEFORE_OUTAGE) {
                    return id;
                }
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
        throw new AssertionError("The job completed no checkpoints within " + RUN_TIMEOUT);
    }
}
