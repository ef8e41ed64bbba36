package org.outagepredictor;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
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

/**
 * The job pages through Flink async I/O: every alert of a simulated run reaches a PagerDuty-like
 * receiver that first answers 500 and 429 before it accepts, each trigger with its resolve under
 * one dedup key and no incident paged twice.
 */
class DeliveryITCase {

    @RegisterExtension
    static final MiniClusterExtension CLUSTER =
            new MiniClusterExtension(
                    new MiniClusterResourceConfiguration.Builder()
                            .setNumberTaskManagers(1)
                            .setNumberSlotsPerTaskManager(2)
                            .build());

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void everyAlertIsPagedOnceDespiteFailuresOfTheReceiver() throws Exception {
        try (FakeReceiver pagerDuty = FakeReceiver.start()) {
            pagerDuty
                    .thenAnswer(
                            FakeReceiver.Answer.status(500),
                            FakeReceiver.Answer.tooManyRequests("1"))
                    .otherwiseAnswer(FakeReceiver.Answer.status(202));
            Configuration options = new Configuration();
            options.set(SimulatorOptions.DEVICES, 80);
            options.set(SimulatorOptions.SEED, 11L);
            options.set(FeatureOptions.WARMUP, Duration.ofMinutes(10));
            options.set(PredictionJob.PRINT_ALERTS, false);
            options.set(DeliveryOptions.TARGETS, List.of("pd:pagerduty"));
            options.set(DeliveryOptions.BACKOFF_BASE, Duration.ofMillis(100));
            options.setString("delivery.target.pd.url", pagerDuty.url("/v2/enqueue"));
            options.setString("delivery.target.pd.secret-env", "PD_ROUTING_KEY");
            options.setString("delivery.target.pd.rate-per-minute", "6000");
            CollectingSink<Alert> alerts = new CollectingSink<>();
            CollectingSink<DeliveryResult> results = new CollectingSink<>();

            StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
            env.setParallelism(2);
            new PredictionJob(
                            options,
                            PredictionJob.loadStartModel(options),
                            FleetSource.create(SimulatorOptions.from(options), 200_000L, 0),
                            alerts)
                    .withDeliveryResultSink(results)
                    .withDeliveryEnvironment(Map.of("PD_ROUTING_KEY", "canary-routing-key")::get)
                    .execute(env);

            List<Alert> sent = alerts.results();
            assertThat(sent).as("alerts in the run").isNotEmpty();
            assertThat(results.results())
                    .as("one delivery per alert, all delivered")
                    .hasSameSizeAs(sent)
                    .allSatisfy(r -> assertThat(r.status).isEqualTo(DeliveryStatus.DELIVERED));

            // Each alert is one (dedup key, action) pair: a trigger or a resolve. The receiver got
            // each pair once, except the two requests it failed, which came again.
            Map<String, Integer> requestsByPair = new HashMap<>();
            for (FakeReceiver.Received request : pagerDuty.requests()) {
                JsonNode event = JSON.readTree(request.body);
                assertThat(event.get("routing_key").asText()).isEqualTo("canary-routing-key");
                String pair =
                        event.get("dedup_key").asText() + " " + event.get("event_action").asText();
                requestsByPair.merge(pair, 1, Integer::sum);
            }
            assertThat(requestsByPair).as("alerts paged").hasSize(sent.size());
            assertThat(requestsByPair.values().stream().mapToInt(n -> n - 1).sum())
                    .as("repeated requests: the retries of the 500 and the 429 only")
                    .isEqualTo(2);
            long triggers = sent.stream().filter(a -> a.status == AlertStatus.TRIGGER).count();
            assertThat(requestsByPair.keySet().stream().filter(p -> p.endsWith(" trigger")))
                    .hasSize((int) triggers);
        }
    }
}
