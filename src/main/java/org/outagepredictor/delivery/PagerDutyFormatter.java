package org.outagepredictor.delivery;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Map;
import org.outagepredictor.alerting.Alert;
import org.outagepredictor.alerting.AlertStatus;
import org.outagepredictor.event.ChangeRef;

/**
 * PagerDuty Events API v2 ({@code POST https://events.pagerduty.com/v2/enqueue}): a {@code trigger}
 * with summary, source (the device), severity, timestamp and custom details, or a {@code resolve}
 * of the same {@code dedup_key}. The routing key is the target's secret.
 *
 * <p>Known limits: {@code summary} is cut to PagerDuty's 1024 characters; images and {@code
 * acknowledge} events are not sent.
 */
final class PagerDutyFormatter implements PayloadFormatter {

    private static final int MAX_SUMMARY = 1024;

    private final DeliveryTarget target;

    PagerDutyFormatter(DeliveryTarget target) {
        this.target = target;
    }

    @Override
    public DeliveryRequest format(Alert alert, Instant now) {
        ObjectNode body = AlertSummary.JSON.createObjectNode();
        body.put("routing_key", target.secret().reveal());
        body.put("dedup_key", alert.dedupKey);
        if (alert.status == AlertStatus.RESOLVE) {
            body.put("event_action", "resolve");
        } else {
            body.put("event_action", "trigger");
            body.put("client", "Outage predictor");
            ObjectNode payload = body.putObject("payload");
            payload.put("summary", AlertSummary.truncate(AlertSummary.title(alert), MAX_SUMMARY));
            payload.put("source", alert.deviceId);
            payload.put("severity", alert.severity.lowerCase());
            payload.put("timestamp", Instant.ofEpochMilli(alert.eventTime).toString());
            if (alert.deviceClass != null) {
                payload.put("component", alert.deviceClass);
            }
            payload.put("class", "predicted outage");
            ObjectNode details = payload.putObject("custom_details");
            details.put("probability", alert.probability);
            details.put("horizon_minutes", alert.horizonMinutes);
            details.put("model_version", alert.modelVersion);
            AlertSummary.reasons(alert).forEach(details.putArray("reasons")::add);
            AlertSummary.changes(alert).forEach(details.putArray("suspect_changes")::add);
            ArrayNode links = AlertSummary.JSON.createArrayNode();
            if (alert.dashboardUrl != null) {
                links.addObject()
                        .put("href", alert.dashboardUrl)
                        .put("text", "Dashboard of " + alert.deviceId);
            }
            for (ChangeRef change : alert.suspectChanges) {
                if (change.link != null) {
                    links.addObject().put("href", change.link).put("text", "Change " + change.id);
                }
            }
            if (!links.isEmpty()) {
                body.set("links", links);
            }
        }
        return new DeliveryRequest(target.endpoint(), Map.of(), AlertSummary.write(body));
    }
}
