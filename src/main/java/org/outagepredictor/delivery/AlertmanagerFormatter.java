package org.outagepredictor.delivery;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.outagepredictor.alerting.Alert;
import org.outagepredictor.alerting.AlertStatus;

/**
 * Alertmanager API v2 ({@code POST <base>/api/v2/alerts}): an array of one alert with labels {@code
 * alertname=PredictedOutage}, {@code device}, {@code device_class}, {@code severity} and {@code
 * dedup_key} (which makes each alert its own Alertmanager alert), annotations in words, {@code
 * startsAt} and {@code endsAt}. A RESOLVE sends the same labels with {@code endsAt} set to the time
 * it resolved, which ends the alert.
 *
 * <p>Known limits: Alertmanager expects clients to re-send active alerts and resolves an alert that
 * stops coming at its {@code endsAt}. This client sends once, so a trigger's {@code endsAt} is the
 * send time plus {@code delivery.alertmanager.hold}; an alert open longer lapses in Alertmanager.
 * The labels of a resolve must equal the trigger's: its severity is the trigger's where the
 * deliverer remembers it (see {@link AlertDelivery}). No authentication is sent.
 */
final class AlertmanagerFormatter implements PayloadFormatter {

    private final DeliveryTarget target;
    private final AlertSummary summary;
    private final Duration hold;
    private final URI alertsUri;

    AlertmanagerFormatter(DeliveryTarget target, AlertSummary summary, Duration hold) {
        this.target = target;
        this.summary = summary;
        this.hold = hold;
        String base = target.endpoint().toString();
        this.alertsUri =
                URI.create(
                        (base.endsWith("/") ? base.substring(0, base.length() - 1) : base)
                                + "/api/v2/alerts");
    }

    @Override
    public DeliveryRequest format(Alert alert, AlertSeverity severity, Instant now) {
        ArrayNode body = AlertSummary.JSON.createArrayNode();
        ObjectNode entry = body.addObject();
        ObjectNode labels = entry.putObject("labels");
        labels.put("alertname", "PredictedOutage");
        labels.put("device", alert.deviceId);
        if (alert.deviceClass != null) {
            labels.put("device_class", alert.deviceClass);
        }
        labels.put("severity", severity.lowerCase());
        labels.put("dedup_key", alert.dedupKey);
        ObjectNode annotations = entry.putObject("annotations");
        annotations.put("summary", summary.title(alert));
        annotations.put("probability", String.valueOf(alert.probability));
        annotations.put("horizon_minutes", String.valueOf(alert.horizonMinutes));
        annotations.put("model_version", String.valueOf(alert.modelVersion));
        if (alert.status == AlertStatus.RESOLVE) {
            // startsAt is unknown here; Alertmanager keeps the one of the alert it already has.
            entry.put("endsAt", Instant.ofEpochMilli(alert.eventTime).toString());
            if (alert.resolution != null) {
                annotations.put("resolution", alert.resolution);
            }
        } else {
            annotations.put("reasons", String.join("; ", AlertSummary.reasons(alert)));
            annotations.put("suspect_changes", String.join("; ", AlertSummary.changes(alert)));
            entry.put("startsAt", Instant.ofEpochMilli(alert.eventTime).toString());
            entry.put("endsAt", now.plus(hold).toString());
        }
        String link = summary.dashboardLink(alert);
        if (link != null) {
            entry.put("generatorURL", link);
        }
        return new DeliveryRequest(alertsUri, Map.of(), AlertSummary.write(body));
    }
}
