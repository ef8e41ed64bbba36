package org.outagepredictor.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.outagepredictor.alerting.Alert;
import org.outagepredictor.testutils.FakeReceiver;

/**
 * Which targets an alert reaches (by device class and severity; resolves follow their triggers;
 * refreshes reach only Alertmanagers), and that closing leaves no delivery unfinished.
 */
class AlertDeliveryTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void triggersGoByDeviceClassAndSeverityAndResolvesAndRefreshesFollowTheirTriggers()
            throws Exception {
        try (FakeReceiver receiver = FakeReceiver.start()) {
            Map<String, String> config = new HashMap<>(DeliveryFixtures.fastRetries());
            config.put("delivery.targets", "network:alertmanager;pager:alertmanager;hook:webhook");
            config.put("delivery.target.network.url", receiver.url("/network"));
            config.put("delivery.target.network.device-classes", "firewall;router");
            config.put("delivery.target.pager.url", receiver.url("/pager"));
            config.put("delivery.target.pager.min-severity", "critical");
            config.put("delivery.target.hook.url", receiver.url("/hook"));
            config.put("delivery.target.hook.secret-env", "HOOK_KEY");
            try (AlertDelivery delivery =
                    AlertDelivery.start(
                            DeliveryFixtures.options(config, Map.of("HOOK_KEY", "k")),
                            DeliveryFixtures.clock())) {
                Alert criticalFirewall = DeliveryFixtures.trigger("fw-1", "firewall", 0.95);
                Alert warningFirewall = DeliveryFixtures.trigger("fw-2", "firewall", 0.45);
                Alert criticalServer = DeliveryFixtures.trigger("srv-1", "server", 0.85);

                assertThat(targets(delivery, criticalFirewall))
                        .containsExactly("network", "pager", "hook");
                assertThat(targets(delivery, warningFirewall)).containsExactly("network", "hook");
                assertThat(targets(delivery, criticalServer)).containsExactly("pager", "hook");
                // Resolves have low probabilities, but carry their triggers' severity, and so go
                // where their triggers went.
                assertThat(targets(delivery, DeliveryFixtures.resolve(criticalFirewall)))
                        .containsExactly("network", "pager", "hook");
                assertThat(targets(delivery, DeliveryFixtures.resolve(criticalServer)))
                        .containsExactly("pager", "hook");
                // Refreshes go to the same Alertmanagers only: the webhook would post again.
                assertThat(targets(delivery, DeliveryFixtures.refresh(criticalFirewall)))
                        .containsExactly("network", "pager");
            }
            List<FakeReceiver.Received> network = receiver.requestsTo("/network/api/v2/alerts");
            assertThat(network).hasSize(4);
            // Alertmanager sees the refresh as the same alert, still firing: the trigger's labels
            // and start, a new end an hour on.
            JsonNode trigger = JSON.readTree(network.get(0).body).get(0);
            JsonNode refresh = JSON.readTree(network.get(3).body).get(0);
            assertThat(refresh.path("labels")).isEqualTo(trigger.path("labels"));
            assertThat(refresh.path("startsAt").asText())
                    .isEqualTo(trigger.path("startsAt").asText())
                    .isEqualTo("2026-01-01T03:05:00Z");
            assertThat(Instant.parse(refresh.path("endsAt").asText()))
                    .isAfter(Instant.now().plusSeconds(55 * 60));
            assertThat(refresh.path("annotations").path("probability").asText()).isEqualTo("0.5");
            assertThat(receiver.requestsTo("/pager/api/v2/alerts")).hasSize(5);
            assertThat(receiver.requestsTo("/hook")).hasSize(5);
        }
    }

    private static List<String> targets(AlertDelivery delivery, Alert alert) throws Exception {
        return delivery.deliver(alert).get(10, TimeUnit.SECONDS).stream()
                .peek(r -> assertThat(r.status).isEqualTo(DeliveryStatus.DELIVERED))
                .map(r -> r.target)
                .toList();
    }

    @Test
    void closingEndsDeliveriesWaitingToRetryAsDeadLetters() throws Exception {
        try (FakeReceiver receiver = FakeReceiver.start()) {
            receiver.otherwiseAnswer(FakeReceiver.Answer.status(503));
            Map<String, String> config = new HashMap<>(DeliveryFixtures.fastRetries());
            config.put("delivery.backoff-base", "1 min");
            config.put("delivery.backoff-cap", "1 min");
            config.put("delivery.targets", "am:alertmanager");
            config.put("delivery.target.am.url", receiver.url("/am"));
            AlertDelivery delivery =
                    AlertDelivery.start(
                            DeliveryFixtures.options(config, Map.of()), DeliveryFixtures.clock());
            CompletableFuture<List<DeliveryResult>> results =
                    delivery.deliver(DeliveryFixtures.trigger());
            while (receiver.requestCount() == 0) {
                Thread.sleep(10);
            }
            Thread.sleep(100);
            assertThat(results).isNotDone();

            delivery.close();

            DeliveryResult result = results.get(1, TimeUnit.SECONDS).get(0);
            assertThat(result.status).isEqualTo(DeliveryStatus.DEAD_LETTER);
            assertThat(result.attempts).isEqualTo(1);
            assertThat(result.error).isEqualTo("delivery closed (before: HTTP 503)");
        }
    }
}
