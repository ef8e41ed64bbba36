package org.outagepredictor.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.outagepredictor.alerting.Alert;
import org.outagepredictor.testutils.FakeReceiver;

/**
 * Which targets an alert reaches (by device class and severity; resolves follow their triggers),
 * and that closing leaves no delivery unfinished.
 */
class AlertDeliveryTest {

    @Test
    void triggersGoByDeviceClassAndSeverityAndResolvesFollowTheirTriggers() throws Exception {
        try (FakeReceiver receiver = FakeReceiver.start()) {
            Map<String, String> config = new HashMap<>(DeliveryFixtures.fastRetries());
            config.put("delivery.targets", "network:alertmanager;pager:alertmanager");
            config.put("delivery.target.network.url", receiver.url("/network"));
            config.put("delivery.target.network.device-classes", "firewall;router");
            config.put("delivery.target.pager.url", receiver.url("/pager"));
            config.put("delivery.target.pager.min-severity", "critical");
            try (AlertDelivery delivery =
                    AlertDelivery.start(
                            DeliveryFixtures.options(config, Map.of()), DeliveryFixtures.clock())) {
                Alert criticalFirewall = DeliveryFixtures.trigger("fw-1", "firewall", 0.95);
                Alert warningFirewall = DeliveryFixtures.trigger("fw-2", "firewall", 0.45);
                Alert criticalServer = DeliveryFixtures.trigger("srv-1", "server", 0.85);

                assertThat(targets(delivery, criticalFirewall)).containsExactly("network", "pager");
                assertThat(targets(delivery, warningFirewall)).containsExactly("network");
                assertThat(targets(delivery, criticalServer)).containsExactly("pager");
                // Resolves have low probabilities, but go where their triggers went.
                assertThat(targets(delivery, DeliveryFixtures.resolve(criticalFirewall)))
                        .containsExactly("network", "pager");
                assertThat(targets(delivery, DeliveryFixtures.resolve(criticalServer)))
                        .containsExactly("pager");
                // A resolve whose trigger is not remembered goes by device class alone, so
                // also to the pager that never saw the warning's trigger.
                Alert forgotten =
                        DeliveryFixtures.resolve(DeliveryFixtures.trigger("rt-9", "router", 0.99));
                assertThat(targets(delivery, forgotten)).containsExactly("network", "pager");
            }
            assertThat(receiver.requestsTo("/network/api/v2/alerts")).hasSize(4);
            assertThat(receiver.requestsTo("/pager/api/v2/alerts")).hasSize(5);
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
