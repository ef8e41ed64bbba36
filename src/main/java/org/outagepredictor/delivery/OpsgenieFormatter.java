package org.outagepredictor.delivery;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import org.outagepredictor.alerting.Alert;
import org.outagepredictor.alerting.AlertStatus;

/**
 * Opsgenie Alert API: a TRIGGER creates an alert ({@code POST /v2/alerts}) whose {@code alias} is
 * the dedup key, so Opsgenie folds repeats into one; a RESOLVE closes it ({@code POST
 * /v2/alerts/{alias}/close?identifierType=alias}). The API key goes in {@code Authorization:
 * GenieKey <key>}. The priority (P1 to P5) comes from the probability and {@code
 * delivery.opsgenie.priority-thresholds}.
 *
 * <p>Known limits: Opsgenie processes requests asynchronously and answers 202; a close that it
 * later fails (say, for an alias it never saw) is not reported back. {@code message} is cut to 130
 * characters, {@code description} to 15000. Responders and teams are left to Opsgenie's routing.
 */
final class OpsgenieFormatter implements PayloadFormatter {

    private static final int MAX_MESSAGE = 130;
    private static final int MAX_DESCRIPTION = 15_000;

    private final DeliveryTarget target;
    private final double[] priorityThresholds;

    OpsgenieFormatter(DeliveryTarget target, double[] priorityThresholds) {
        this.target = target;
        this.priorityThresholds = priorityThresholds.clone();
    }

    @Override
    public DeliveryRequest format(Alert alert, Instant now) {
        Map<String, String> headers =
                Map.of("Authorization", "GenieKey " + target.secret().reveal());
        ObjectNode body = AlertSummary.JSON.createObjectNode();
        body.put("source", "outage-predictor");
        if (alert.status == AlertStatus.RESOLVE) {
            body.put("note", AlertSummary.title(alert));
            String alias =
                    URLEncoder.encode(alert.dedupKey, StandardCharsets.UTF_8).replace("+", "%20");
            URI close = api("/v2/alerts/" + alias + "/close?identifierType=alias");
            return new DeliveryRequest(close, headers, AlertSummary.write(body));
        }
        body.put("message", AlertSummary.truncate(AlertSummary.title(alert), MAX_MESSAGE));
        body.put("alias", alert.dedupKey);
        body.put("description", AlertSummary.truncate(description(alert), MAX_DESCRIPTION));
        body.put("priority", priority(alert.probability));
        body.put("entity", alert.deviceId);
        ArrayNode tags =
                body.putArray("tags").add("predicted-outage").add(alert.severity.lowerCase());
        if (alert.deviceClass != null) {
            tags.add(alert.deviceClass);
        }
        ObjectNode details = body.putObject("details");
        details.put("probability", String.valueOf(alert.probability));
        details.put("horizonMinutes", String.valueOf(alert.horizonMinutes));
        details.put("modelVersion", String.valueOf(alert.modelVersion));
        details.put("reasons", String.join("; ", AlertSummary.reasons(alert)));
        details.put("suspectChanges", String.join("; ", AlertSummary.changes(alert)));
        String link = alert.dashboardUrl;
        if (link != null) {
            details.put("dashboard", link);
        }
        return new DeliveryRequest(api("/v2/alerts"), headers, AlertSummary.write(body));
    }

    /** P1 for the highest probabilities to P5 for the lowest. */
    String priority(double probability) {
        for (int i = 0; i < priorityThresholds.length; i++) {
            if (probability >= priorityThresholds[i]) {
                return "P" + (i + 1);
            }
        }
        return "P5";
    }

    private static String description(Alert alert) {
        StringBuilder text = new StringBuilder();
        text.append("Reasons:\n");
        AlertSummary.reasons(alert).forEach(r -> text.append("- ").append(r).append('\n'));
        text.append("Suspect changes:\n");
        AlertSummary.changes(alert).forEach(c -> text.append("- ").append(c).append('\n'));
        text.append("Model version ").append(alert.modelVersion);
        return text.toString();
    }

    private URI api(String pathAndQuery) {
        String base = target.endpoint().toString();
        return URI.create(
                (base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + pathAndQuery);
    }
}
