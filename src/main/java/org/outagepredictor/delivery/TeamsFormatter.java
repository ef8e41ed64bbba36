package org.outagepredictor.delivery;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.outagepredictor.alerting.Alert;
import org.outagepredictor.alerting.AlertSeverity;
import org.outagepredictor.alerting.AlertStatus;

/**
 * Microsoft Teams through a Workflows (Power Automate) webhook: a {@code message} whose one
 * attachment is an Adaptive Card 1.4 with the title, a fact set (device, risk, severity, model,
 * dedup key), the reasons, the suspect changes and a dashboard button. A RESOLVE is a card of its
 * own.
 *
 * <p>Known limits: the workflow decides where the card is posted; the webhook answers 202 before
 * the card is posted, so a failing flow is not seen here. Office 365 connector (MessageCard)
 * webhooks, retired by Microsoft, are not supported. Teams does not deduplicate.
 */
final class TeamsFormatter implements PayloadFormatter {

    private final DeliveryTarget target;

    TeamsFormatter(DeliveryTarget target) {
        this.target = target;
    }

    @Override
    public DeliveryRequest format(Alert alert, Instant now) {
        boolean resolve = alert.status == AlertStatus.RESOLVE;
        ObjectNode body = AlertSummary.JSON.createObjectNode();
        body.put("type", "message");
        ObjectNode attachment = body.putArray("attachments").addObject();
        attachment.put("contentType", "application/vnd.microsoft.card.adaptive");
        attachment.putNull("contentUrl");
        ObjectNode card = attachment.putObject("content");
        card.put("$schema", "http://adaptivecards.io/schemas/adaptive-card.json");
        card.put("type", "AdaptiveCard");
        card.put("version", "1.4");
        ArrayNode items = card.putArray("body");
        items.addObject()
                .put("type", "TextBlock")
                .put("text", AlertSummary.title(alert))
                .put("weight", "Bolder")
                .put("size", "Medium")
                .put("wrap", true)
                .put(
                        "color",
                        resolve
                                ? "Good"
                                : alert.severity == AlertSeverity.WARNING
                                        ? "Warning"
                                        : "Attention");
        ArrayNode facts = items.addObject().put("type", "FactSet").putArray("facts");
        fact(facts, "Device", alert.deviceId);
        fact(facts, "Risk", Math.round(alert.probability * 100) + "%");
        if (!resolve) {
            fact(facts, "Severity", alert.severity.lowerCase());
        }
        fact(facts, "Model", "v" + alert.modelVersion);
        fact(facts, "Dedup key", alert.dedupKey);
        fact(facts, "Time", Instant.ofEpochMilli(alert.eventTime).toString());
        if (!resolve) {
            list(items, "Reasons", AlertSummary.reasons(alert));
            list(items, "Suspect changes", AlertSummary.changes(alert));
        }
        String link = alert.dashboardUrl;
        if (link != null) {
            card.putArray("actions")
                    .addObject()
                    .put("type", "Action.OpenUrl")
                    .put("title", "Dashboard")
                    .put("url", link);
        }
        return new DeliveryRequest(target.endpoint(), Map.of(), AlertSummary.write(body));
    }

    private static void fact(ArrayNode facts, String title, String value) {
        facts.addObject().put("title", title).put("value", value);
    }

    /** A bold heading and a Markdown list below it (Adaptive Cards render "- " lists). */
    private static void list(ArrayNode items, String heading, List<String> lines) {
        items.addObject()
                .put("type", "TextBlock")
                .put("text", heading)
                .put("weight", "Bolder")
                .put("wrap", true);
        String text =
                lines.isEmpty()
                        ? "- none"
                        : lines.stream().map(line -> "- " + line).collect(Collectors.joining("\n"));
        items.addObject().put("type", "TextBlock").put("text", text).put("wrap", true);
    }
}
