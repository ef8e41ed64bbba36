package org.outagepredictor.delivery;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.Map;
import org.outagepredictor.alerting.Alert;
import org.outagepredictor.alerting.AlertStatus;

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
    private final AlertSummary summary;

    PagerDutyFormatter(DeliveryTarget target, AlertSummary summary) {
        this.target = target;
        this.summary = summary;
    }

    @Override
    public DeliveryRequest format(Alert alert, AlertSeverity severity, Instant now) {
        ObjectNode body = AlertSummary.JSON.createObjectNode();
        body.put("routing_key", target.secret().reveal());
        body.put("dedup_key", alert.dedupKey);
        if (alert.status == AlertStatus.RESOLVE) {
            body.put("event_action", "resolve");
        } else {
            body.put("event_action", "trigger");
            body.put("client", "Outage predictor");
            ObjectNode payload = body.putObject("payload");
            payload.put("summary", AlertSummary.truncate(summary.title(alert), MAX_SUMMARY));
            payload.put("source", alert.deviceId);
            payload.put("severity", severity.lowerCase());
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
            String link = summary.dashboardLink(alert);
            if (link != null) {
                body.putArray("links")
                        .addObject()
                        .put("href", link)
                        .put("text", "Dashboard of " + alert.deviceId);
            }
        }
        return new DeliveryRequest(target.endpoint(), Map.of(), AlertSummary.write(body));
    }
}
