package org.outagepredictor.delivery;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.outagepredictor.alerting.Alert;
import org.outagepredictor.alerting.AlertStatus;

/**
 * Slack incoming webhook: {@code text} (the notification and fallback line) and Block Kit {@code
 * blocks} with the reasons, the suspect changes and a dashboard button. A RESOLVE is a follow-up
 * message naming the same dedup key.
 *
 * <p>Known limits: incoming webhooks cannot edit or thread onto the trigger's message (that needs
 * the Web API and a bot token), so a resolve is a message of its own; a retry after a timeout can
 * post a message twice, since Slack does not deduplicate.
 */
final class SlackFormatter implements PayloadFormatter {

    private final DeliveryTarget target;

    SlackFormatter(DeliveryTarget target) {
        this.target = target;
    }

    @Override
    public DeliveryRequest format(Alert alert, Instant now) {
        boolean resolve = alert.status == AlertStatus.RESOLVE;
        String title = AlertSummary.title(alert);
        ObjectNode body = AlertSummary.JSON.createObjectNode();
        body.put("text", (resolve ? ":white_check_mark: " : ":rotating_light: ") + title);
        ArrayNode blocks = body.putArray("blocks");
        blocks.addObject()
                .put("type", "header")
                .putObject("text")
                .put("type", "plain_text")
                .put("text", AlertSummary.truncate(title, 150));
        if (!resolve) {
            section(
                    blocks,
                    "*Severity:* " + alert.severity.lowerCase() + "\n*Reasons:*",
                    AlertSummary.reasons(alert));
            section(blocks, "*Suspect changes:*", AlertSummary.changes(alert));
            String link = alert.dashboardUrl;
            if (link != null) {
                ObjectNode button =
                        blocks.addObject().put("type", "actions").putArray("elements").addObject();
                button.put("type", "button").put("url", link);
                button.putObject("text").put("type", "plain_text").put("text", "Dashboard");
            }
        }
        blocks.addObject()
                .put("type", "context")
                .putArray("elements")
                .addObject()
                .put("type", "mrkdwn")
                .put(
                        "text",
                        "dedup key `"
                                + alert.dedupKey
                                + "` · model v"
                                + alert.modelVersion
                                + " · "
                                + Instant.ofEpochMilli(alert.eventTime));
        return new DeliveryRequest(target.endpoint(), Map.of(), AlertSummary.write(body));
    }

    private static void section(ArrayNode blocks, String heading, List<String> lines) {
        StringBuilder text = new StringBuilder(heading);
        if (lines.isEmpty()) {
            text.append(" none");
        }
        for (String line : lines) {
            text.append("\n• ").append(line);
        }
        blocks.addObject()
                .put("type", "section")
                .putObject("text")
                .put("type", "mrkdwn")
                .put("text", AlertSummary.truncate(text.toString(), 3000));
    }
}
