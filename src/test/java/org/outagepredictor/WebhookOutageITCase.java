package org.outagepredictor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.outagepredictor.alerting.Alert;
import org.outagepredictor.alerting.AlertStatus;
import org.outagepredictor.delivery.DeliveryOptions;
import org.outagepredictor.delivery.DeliveryResult;
import org.outagepredictor.delivery.DeliveryStatus;
import org.outagepredictor.features.FeatureOptions;
import org.outagepredictor.simulate.FleetSource;
import org.outagepredictor.simulate.SimulatorOptions;
import org.outagepredictor.testutils.CollectingSink;
import org.outagepredictor.testutils.FakeReceiver;
import org.outagepredictor.testutils.MiniClusters;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The job pages a PagerDuty-like receiver that first answers 500, 429 and too slowly, then is down
 * for a long stretch (10 s here, on a clock shortened with the retry and circuit settings: a 1 s
 * cool-down stands for a minute), then comes back. Attempts stay bounded, the open circuit keeps
 * the down receiver from a retry storm, every alert ends delivered or dead-lettered, delivery
 * resumes after the outage, and each predicted incident is paged once.
 */
class WebhookOutageITCase {

    private static final Logger LOG = LoggerFactory.getLogger(WebhookOutageITCase.class);

    private static final ObjectMapper JSON = new ObjectMapper();

    private static final int MAX_ATTEMPTS = 4;
    private static final int CIRCUIT_FAILURES = 3;
    private static final Duration COOL_DOWN = Duration.ofSeconds(1);
    private static final Duration FLAKY = Duration.ofSeconds(6);
    private static final Duration DOWN = Duration.ofSeconds(10);

    @RegisterExtension static final MiniClusterExtension CLUSTER = MiniClusters.oneTaskManager(2);

    @Test
    void attemptsStayBoundedNothingIsLostAndEachIncidentIsPagedOnce() throws Exception {
        try (FakeReceiver pagerDuty = FakeReceiver.start()) {
            pagerDuty
                    .thenAnswer(
                            FakeReceiver.Answer.status(500),
                            FakeReceiver.Answer.tooManyRequests("1"),
                            FakeReceiver.Answer.slow(Duration.ofSeconds(1)),
                            FakeReceiver.Answer.status(503),
                            FakeReceiver.Answer.tooManyRequests("0"))
                    .otherwiseAnswer(FakeReceiver.Answer.status(202));
            Configuration options = new Configuration();
            options.set(SimulatorOptions.DEVICES, 80);
            options.set(SimulatorOptions.SEED, 11L);
            options.set(FeatureOptions.WARMUP, Duration.ofMinutes(10));
            options.set(PredictionJob.PRINT_ALERTS, false);
            options.set(DeliveryOptions.TARGETS, List.of("pd:pagerduty"));
            options.setString("delivery.target.pd.url", pagerDuty.url("/v2/enqueue"));
            options.setString("delivery.target.pd.secret-env", "PD_ROUTING_KEY");
            options.setString("delivery.target.pd.rate-per-minute", "6000");
            options.set(DeliveryOptions.REQUEST_TIMEOUT, Duration.ofMillis(300));
            options.set(DeliveryOptions.MAX_ATTEMPTS, MAX_ATTEMPTS);
            options.set(DeliveryOptions.BACKOFF_BASE, Duration.ofMillis(50));
            options.set(DeliveryOptions.BACKOFF_CAP, Duration.ofMillis(400));
            options.set(DeliveryOptions.CIRCUIT_FAILURES, CIRCUIT_FAILURES);
            options.set(DeliveryOptions.CIRCUIT_COOL_DOWN, COOL_DOWN);
            CollectingSink<Alert> alerts = new CollectingSink<>();
            CollectingSink<DeliveryResult> results = new CollectingSink<>();
            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            env.setParallelism(2);
            PredictionJob job =
                    new PredictionJob(
                                    options,
                                    PredictionJob.loadStartModel(options),
                                    // About 30 s of wall-clock time, with alerts throughout.
                                    FleetSource.create(
                                            SimulatorOptions.from(options), 600_000L, 20_000),
                                    alerts)
                            .withDeliveryResultSink(results)
                            .withDeliveryEnvironment(Map.of("PD_ROUTING_KEY", "routing-key")::get);

            CompletableFuture<Void> run =
                    CompletableFuture.runAsync(
                            () -> {
                                try {
                                    job.execute(env);
                                } catch (Exception e) {
                                    throw new RuntimeException(e);
                                }
                            });
            sleep(FLAKY, run);
            long downFrom = System.nanoTime();
            pagerDuty.otherwiseAnswer(FakeReceiver.Answer.hangUp());
            sleep(DOWN, run);
            long downUntil = System.nanoTime();
            long downUntilMillis = System.currentTimeMillis();
            pagerDuty.otherwiseAnswer(FakeReceiver.Answer.status(202));
            run.get(3, TimeUnit.MINUTES);

            List<Alert> paged =
                    alerts.results().stream().filter(a -> a.status != AlertStatus.REFRESH).toList();
            List<DeliveryResult> outcomes = results.results();
            long requestsWhileDown =
                    pagerDuty.requests().stream()
                            .filter(r -> r.arrivedNanos >= downFrom && r.arrivedNanos < downUntil)
                            .count();
            long deadLetters =
                    outcomes.stream().filter(r -> r.status == DeliveryStatus.DEAD_LETTER).count();
            LOG.info(
                    "Figures: {} alerts paged, {} requests in all; {} dead letters, {} requests"
                            + " during the {} s outage",
                    paged.size(),
                    pagerDuty.requestCount(),
                    deadLetters,
                    requestsWhileDown,
                    DOWN.toSeconds());

            assertThat(outcomes)
                    .as("one outcome per alert, delivered or dead-lettered")
                    .hasSameSizeAs(paged)
                    .allSatisfy(r -> assertThat(r.attempts).isBetween(0, MAX_ATTEMPTS));
            assertThat(outcomes).extracting(r -> r.status).contains(DeliveryStatus.DEAD_LETTER);
            assertThat(outcomes)
                    .as("delivery resumed after the outage")
                    .anyMatch(
                            r ->
                                    r.status == DeliveryStatus.DELIVERED
                                            && r.finishedAt > downUntilMillis);
            assertThat(pagerDuty.requestCount())
                    .as("no alert was tried more than max-attempts times")
                    .isLessThanOrEqualTo(paged.size() * MAX_ATTEMPTS);
            // Without the circuit every alert of the outage would be tried MAX_ATTEMPTS times.
            // With it: the failures that open it, one trial per cool-down, and the attempts that
            // were already on their way when it opened.
            long trials = DOWN.toMillis() / COOL_DOWN.toMillis() + 1;
            assertThat(requestsWhileDown)
                    .as("requests to the down receiver: no retry storm")
                    .isLessThanOrEqualTo(CIRCUIT_FAILURES + trials + MAX_ATTEMPTS);
            assertThat(deadLetters).isGreaterThan(0);

            Set<String> triggerKeys = new HashSet<>();
            paged.stream()
                    .filter(a -> a.status == AlertStatus.TRIGGER)
                    .forEach(a -> triggerKeys.add(a.dedupKey));
            Set<String> acceptedTriggerKeys = new HashSet<>();
            for (FakeReceiver.Received request : pagerDuty.requests()) {
                JsonNode event = JSON.readTree(request.body);
                if (request.answered == 202
                        && event.path("event_action").asText().equals("trigger")) {
                    acceptedTriggerKeys.add(event.path("dedup_key").asText());
                }
            }
            Set<String> deliveredTriggerKeys = new HashSet<>();
            outcomes.stream()
                    .filter(r -> r.status == DeliveryStatus.DELIVERED)
                    .filter(r -> "TRIGGER".equals(r.alertStatus))
                    .forEach(r -> deliveredTriggerKeys.add(r.dedupKey));
            // PagerDuty opens one incident per dedup key, however often a key is sent.
            assertThat(acceptedTriggerKeys)
                    .as("incidents PagerDuty opened: each a trigger of the run, once")
                    .isSubsetOf(triggerKeys)
                    .containsAll(deliveredTriggerKeys);
        }
    }

    /** Sleeps, unless the job ended (or failed) first: then the test has nothing to wait for. */
    private static void sleep(Duration duration, CompletableFuture<Void> run) throws Exception {
        try {
            run.get(duration.toMillis(), TimeUnit.MILLISECONDS);
            throw new AssertionError("The job ended before the receiver's outage was over");
        } catch (java.util.concurrent.TimeoutException stillRunning) {
            // As planned.
        }
    }
}
