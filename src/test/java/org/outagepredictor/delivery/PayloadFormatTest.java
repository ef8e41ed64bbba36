package org.outagepredictor.delivery;

import static org.assertj.core.api.Assertions.assertThat;
import static org.outagepredictor.delivery.DeliveryFixtures.CANARY;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.outagepredictor.alerting.Alert;
import org.outagepredictor.alerting.AlertJson;
import org.outagepredictor.testutils.FakeReceiver;
import org.outagepredictor.testutils.FakeReceiver.Received;

/**
 * One alert and its resolve, delivered to all six kinds of target on one real receiver (a path
 * each): the fields each API requires, the same dedup key on both, and a verifiable signature.
 */
class PayloadFormatTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String HOOK_KEY = "hmac-" + CANARY;

    private FakeReceiver receiver;
    private AlertDelivery delivery;
    private Alert trigger;

    @BeforeEach
    void deliverTriggerAndResolve() throws Exception {
        receiver = FakeReceiver.start();
        Map<String, String> config = new HashMap<>(DeliveryFixtures.fastRetries());
        config.put(
                "delivery.targets",
                "pd:pagerduty;og:opsgenie;chat:slack;team:teams;am:alertmanager;hook:webhook");
        config.put("delivery.target.pd.url", receiver.url("/v2/enqueue"));
        config.put("delivery.target.pd.secret-env", "PD_ROUTING_KEY");
        config.put("delivery.target.og.url", receiver.url("/opsgenie"));
        config.put("delivery.target.og.secret-env", "OG_API_KEY");
        config.put("delivery.target.chat.secret-env", "SLACK_WEBHOOK_URL");
        // At 60/min (Opsgenie, Slack, Teams) the bucket holds one token, so each resolve would
        // wait a second behind its trigger; WebhookClientTest tests the limit itself.
        for (String target : List.of("og", "chat", "team")) {
            config.put("delivery.target." + target + ".rate-per-minute", "6000");
        }
        config.put("delivery.target.team.secret-env", "TEAMS_WEBHOOK_URL");
        config.put("delivery.target.am.url", receiver.url("/am"));
        config.put("delivery.target.hook.url", receiver.url("/hook"));
        config.put("delivery.target.hook.secret-env", "HOOK_KEY");
        Map<String, String> environment =
                Map.of(
                        "PD_ROUTING_KEY",
                        "pd-" + CANARY,
                        "OG_API_KEY",
                        "og-" + CANARY,
                        "SLACK_WEBHOOK_URL",
                        receiver.url("/slack/T0/B0/" + CANARY),
                        "TEAMS_WEBHOOK_URL",
                        receiver.url("/teams/workflow?sig=" + CANARY),
                        "HOOK_KEY",
                        HOOK_KEY);
        delivery =
                AlertDelivery.start(
                        DeliveryFixtures.options(config, environment), DeliveryFixtures.clock());

        trigger = DeliveryFixtures.trigger();
        // As the scorer fills it in from alerts.dashboard-url.
        trigger.dashboardUrl = "https://grafana.example/d/dev?var-device=fw-000007";
        trigger.suspectChanges[0] =
                trigger.suspectChanges[0].withLink("https://sn.example/CHG0001234");
        List<DeliveryResult> triggered = delivery.deliver(trigger).get(10, TimeUnit.SECONDS);
        List<DeliveryResult> resolved =
                delivery.deliver(DeliveryFixtures.resolve(trigger)).get(10, TimeUnit.SECONDS);

        assertThat(triggered).hasSize(6).allMatch(r -> r.status == DeliveryStatus.DELIVERED);
        assertThat(resolved).hasSize(6).allMatch(r -> r.status == DeliveryStatus.DELIVERED);
        assertThat(receiver.requestCount()).isEqualTo(12);
    }

    @AfterEach
    void stop() {
        delivery.close();
        receiver.close();
    }

    @Test
    void pagerDutyGetsAnEventsV2TriggerAndResolveOfOneDedupKey() throws Exception {
        List<Received> requests = receiver.requestsTo("/v2/enqueue");
        assertThat(requests).hasSize(2);
        JsonNode trigger = JSON.readTree(requests.get(0).body);
        JsonNode resolve = JSON.readTree(requests.get(1).body);

        assertThat(requests.get(0).header("Content-Type")).isEqualTo("application/json");
        assertThat(trigger.path("routing_key").asText()).isEqualTo("pd-" + CANARY);
        assertThat(trigger.path("event_action").asText()).isEqualTo("trigger");
        assertThat(trigger.path("dedup_key").asText())
                .isEqualTo("outage-predictor:fw-000007:1767236700000");
        JsonNode payload = trigger.path("payload");
        assertThat(payload.path("summary").asText())
                .isEqualTo("Predicted outage: fw-000007 (firewall) 91% risk within 2h");
        assertThat(payload.path("source").asText()).isEqualTo("fw-000007");
        assertThat(payload.path("severity").asText()).isEqualTo("critical");
        assertThat(payload.path("timestamp").asText()).isEqualTo("2026-01-01T03:05:00Z");
        JsonNode details = payload.path("custom_details");
        assertThat(details.path("probability").asDouble()).isEqualTo(0.91);
        assertThat(details.path("horizon_minutes").asInt()).isEqualTo(120);
        assertThat(details.path("model_version").asLong()).isEqualTo(1);
        assertThat(details.path("reasons").get(0).asText())
                .isEqualTo("error events in the last 5 minutes (+1.20)");
        assertThat(details.path("suspect_changes").get(0).asText())
                .startsWith("CHG0001234 UNAUTHORISED failed");
        assertThat(trigger.path("links").get(0).path("href").asText())
                .isEqualTo("https://grafana.example/d/dev?var-device=fw-000007");
        assertThat(trigger.path("links").get(1).path("href").asText())
                .isEqualTo("https://sn.example/CHG0001234");
        assertThat(trigger.path("links").get(1).path("text").asText())
                .isEqualTo("Change CHG0001234");

        assertThat(resolve.path("event_action").asText()).isEqualTo("resolve");
        assertThat(resolve.path("dedup_key").asText())
                .isEqualTo(trigger.path("dedup_key").asText());
        assertThat(resolve.path("routing_key").asText()).isEqualTo("pd-" + CANARY);
    }

    @Test
    void opsgenieCreatesByAliasThenClosesByAlias() throws Exception {
        List<Received> creates = receiver.requestsTo("/opsgenie/v2/alerts");
        assertThat(creates).hasSize(1);
        Received create = creates.get(0);
        assertThat(create.header("Authorization")).isEqualTo("GenieKey og-" + CANARY);
        JsonNode body = JSON.readTree(create.body);
        assertThat(body.path("alias").asText())
                .isEqualTo("outage-predictor:fw-000007:1767236700000");
        assertThat(body.path("message").asText())
                .hasSizeLessThanOrEqualTo(130)
                .contains("fw-000007");
        assertThat(body.path("description").asText())
                .contains("error events in the last 5 minutes")
                .contains("CHG0001234");
        assertThat(body.path("priority").asText()).isEqualTo("P1");
        assertThat(body.path("entity").asText()).isEqualTo("fw-000007");
        assertThat(body.path("details").path("probability").asText()).isEqualTo("0.91");
        assertThat(body.path("details").path("modelVersion").asText()).isEqualTo("1");

        List<Received> closes =
                receiver.requestsTo(
                        "/opsgenie/v2/alerts/outage-predictor%3Afw-000007%3A1767236700000/close");
        assertThat(closes).hasSize(1);
        assertThat(closes.get(0).target).endsWith("?identifierType=alias");
        assertThat(closes.get(0).header("Authorization")).isEqualTo("GenieKey og-" + CANARY);
        assertThat(JSON.readTree(closes.get(0).body).path("note").asText())
                .contains("risk fell below 25%");
    }

    @Test
    void slackGetsTextAndBlocksThenAFollowUpResolve() throws Exception {
        List<Received> requests = receiver.requestsTo("/slack/T0/B0/" + CANARY);
        assertThat(requests).hasSize(2);
        JsonNode trigger = JSON.readTree(requests.get(0).body);
        JsonNode resolve = JSON.readTree(requests.get(1).body);

        assertThat(trigger.path("text").asText()).contains("Predicted outage: fw-000007");
        JsonNode blocks = trigger.path("blocks");
        assertThat(blocks.get(0).path("type").asText()).isEqualTo("header");
        assertThat(blocks.toString())
                .contains("error events in the last 5 minutes (+1.20)")
                .contains("CHG0001234")
                .contains("https://grafana.example/d/dev?var-device=fw-000007")
                .contains("outage-predictor:fw-000007:1767236700000");
        assertThat(resolve.path("text").asText()).contains("Resolved").contains("fw-000007");
        assertThat(resolve.path("blocks").toString())
                .contains("outage-predictor:fw-000007:1767236700000");
    }

    @Test
    void teamsGetsAnAdaptiveCardInTheAttachmentsEnvelope() throws Exception {
        List<Received> requests = receiver.requestsTo("/teams/workflow");
        assertThat(requests).hasSize(2);
        for (Received request : requests) {
            JsonNode body = JSON.readTree(request.body);
            assertThat(body.path("type").asText()).isEqualTo("message");
            JsonNode attachment = body.path("attachments").get(0);
            assertThat(attachment.path("contentType").asText())
                    .isEqualTo("application/vnd.microsoft.card.adaptive");
            JsonNode card = attachment.path("content");
            assertThat(card.path("type").asText()).isEqualTo("AdaptiveCard");
            assertThat(card.path("version").asText()).isEqualTo("1.4");
            assertThat(card.path("body").get(0).path("type").asText()).isEqualTo("TextBlock");
            assertThat(card.toString()).contains("outage-predictor:fw-000007:1767236700000");
        }
        JsonNode trigger = JSON.readTree(requests.get(0).body).path("attachments").get(0);
        assertThat(trigger.toString())
                .contains("error events in the last 5 minutes")
                .contains("Action.OpenUrl");
        assertThat(JSON.readTree(requests.get(1).body).toString()).contains("Resolved");
    }

    @Test
    void alertmanagerGetsTheSameLabelsOnTriggerAndResolve() throws Exception {
        List<Received> requests = receiver.requestsTo("/am/api/v2/alerts");
        assertThat(requests).hasSize(2);
        JsonNode trigger = JSON.readTree(requests.get(0).body);
        JsonNode resolve = JSON.readTree(requests.get(1).body);

        assertThat(trigger.isArray()).isTrue();
        JsonNode opened = trigger.get(0);
        assertThat(opened.path("labels").path("alertname").asText()).isEqualTo("PredictedOutage");
        assertThat(opened.path("labels").path("device").asText()).isEqualTo("fw-000007");
        assertThat(opened.path("labels").path("severity").asText()).isEqualTo("critical");
        assertThat(opened.path("annotations").path("summary").asText()).contains("91% risk");
        assertThat(opened.path("startsAt").asText()).isEqualTo("2026-01-01T03:05:00Z");
        assertThat(Instant.parse(opened.path("endsAt").asText()))
                .isAfter(Instant.now().plusSeconds(55 * 60))
                .isBefore(Instant.now().plusSeconds(61 * 60));
        assertThat(opened.path("generatorURL").asText())
                .isEqualTo("https://grafana.example/d/dev?var-device=fw-000007");

        JsonNode closed = resolve.get(0);
        // The resolve's own probability (0.18) is a warning; the labels must stay the trigger's.
        assertThat(closed.path("labels")).isEqualTo(opened.path("labels"));
        assertThat(closed.path("endsAt").asText()).isEqualTo("2026-01-01T04:00:00Z");
    }

    @Test
    void theWebhookBodyIsTheAlertJsonAndItsSignatureVerifies() throws Exception {
        List<Received> requests = receiver.requestsTo("/hook");
        assertThat(requests).hasSize(2);
        for (Received request : requests) {
            String timestamp = request.header("X-Outage-Predictor-Timestamp");
            assertThat(Long.parseLong(timestamp))
                    .isBetween(Instant.now().getEpochSecond() - 60, Instant.now().getEpochSecond());
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(HOOK_KEY.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            String expected =
                    "sha256="
                            + HexFormat.of()
                                    .formatHex(
                                            mac.doFinal(
                                                    (timestamp + "." + request.body)
                                                            .getBytes(StandardCharsets.UTF_8)));
            assertThat(request.header("X-Outage-Predictor-Signature")).isEqualTo(expected);
        }
        assertThat(requests.get(0).body).isEqualTo(AlertJson.toJson(trigger));
        assertThat(AlertJson.fromJson(requests.get(1).body))
                .isEqualTo(DeliveryFixtures.resolve(trigger));
    }
}
