package org.outagepredictor.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.outagepredictor.delivery.DeliveryFixtures.CANARY;
import static org.outagepredictor.testutils.FakeReceiver.Answer.hangUp;
import static org.outagepredictor.testutils.FakeReceiver.Answer.status;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.outagepredictor.alerting.Alert;
import org.outagepredictor.testutils.CapturedLogs;
import org.outagepredictor.testutils.FakeReceiver;

/**
 * A canary secret, used as every kind of secret, goes through failures of every kind (a receiver
 * echoing it in a 400, server errors, hang-ups, a refused connection to a URL holding it, an open
 * circuit) and must appear in no log line, no result, no error and no toString.
 */
class SecretLeakTest {

    @Test
    void theCanarySecretAppearsInNoLogLineResultOrToString() throws Exception {
        String refused;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            refused = "http://127.0.0.1:" + socket.getLocalPort();
        }
        List<DeliveryResult> results = new ArrayList<>();
        DeliveryOptions options;
        try (FakeReceiver receiver = FakeReceiver.start();
                CapturedLogs logs = CapturedLogs.of("org.outagepredictor.delivery")) {
            // PagerDuty echoes the routing key in its complaint; the others fail and recover.
            receiver.thenAnswer(
                    status(400, "{\"message\":\"Invalid routing key " + CANARY + "\"}"));
            receiver.otherwiseAnswer(status(500));
            Map<String, String> config = new HashMap<>(DeliveryFixtures.fastRetries());
            config.put("delivery.max-attempts", "3");
            config.put("delivery.circuit.failures", "2");
            config.put("delivery.targets", "pd:pagerduty;og:opsgenie;chat:slack;hook:webhook");
            config.put("delivery.target.pd.url", receiver.url("/pd"));
            config.put("delivery.target.pd.secret-env", "PD_KEY");
            config.put("delivery.target.og.url", receiver.url("/og"));
            config.put("delivery.target.og.secret-env", "OG_KEY");
            config.put("delivery.target.chat.secret-env", "SLACK_URL");
            config.put("delivery.target.hook.url", receiver.url("/hook"));
            config.put("delivery.target.hook.secret-env", "HOOK_KEY");
            options =
                    DeliveryFixtures.options(
                            config,
                            Map.of(
                                    "PD_KEY", CANARY,
                                    "OG_KEY", CANARY,
                                    "SLACK_URL", refused + "/services/" + CANARY,
                                    "HOOK_KEY", CANARY));
            try (AlertDelivery delivery = AlertDelivery.start(options, DeliveryFixtures.clock())) {
                Alert trigger = DeliveryFixtures.trigger();
                results.addAll(delivery.deliver(trigger).get(10, TimeUnit.SECONDS));
                receiver.thenAnswer(hangUp());
                results.addAll(
                        delivery.deliver(DeliveryFixtures.resolve(trigger))
                                .get(10, TimeUnit.SECONDS));
            }
            assertThat(logs.lines()).isNotEmpty().noneMatch(line -> line.contains(CANARY));
            assertThat(logs.lines())
                    .anyMatch(line -> line.startsWith("WARN Dead letter"))
                    .anyMatch(line -> line.startsWith("DEBUG Retrying"));
        }
        assertThat(results).hasSize(8);
        assertThat(results)
                .anyMatch(r -> r.httpStatus == 400 && r.error.contains("Invalid routing key ****"))
                .anyMatch(
                        r -> "circuit open".equals(r.error) || r.error.startsWith("circuit open"));
        for (DeliveryResult result : results) {
            assertThat(result.toString()).doesNotContain(CANARY);
            assertThat(String.valueOf(result.error)).doesNotContain(CANARY);
        }
        assertThat(options.toString()).doesNotContain(CANARY);
        for (DeliveryTarget target : options.targets) {
            assertThat(target.toString()).doesNotContain(CANARY);
            assertThat(target.secret()).hasToString(Secret.MASK);
        }
    }
}
