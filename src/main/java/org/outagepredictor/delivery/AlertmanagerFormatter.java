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
 * <p>Alertmanager expects clients to re-send active alerts and resolves an alert that stops coming
 * at its {@code endsAt}: the job re-sends each open alert as a REFRESH every {@code
 * alerts.refresh-interval} of event time, and each trigger or refresh ends {@code
 * delivery.alertmanager.hold} after it is sent. {@code startsAt} is the time the alert opened, on
 * every post. The labels of resolves and refreshes equal the trigger's (the severity is kept with
 * the alert), so Alertmanager sees one alert throughout.
 *
 * <p>Known limits: refreshes follow the device's snapshots, so an open alert of a device that sends
 * nothing for longer than the hold lapses in Alertmanager before the job resolves it as stale. No
 * authentication is sent.
 */
final class AlertmanagerFormatter implements PayloadFormatter {

    private final DeliveryTarget target;
    private final Duration hold;
    private final URI alertsUri;

    AlertmanagerFormatter(DeliveryTarget target, Duration hold) {
        this.target = target;
        this.hold = hold;
        String base = target.endpoint().toString();
        this.alertsUri =
                URI.create(
                        (base.endsWith("/") ? base.substring(0, base.length() - 1) : base)
                                + "/api/v2/alerts");
    }

    @Override
    public DeliveryRequest format(Alert alert, Instant now) {
        ArrayNode body = AlertSummary.JSON.createArrayNode();
        ObjectNode entry = body.addObject();
        ObjectNode labels = entry.putObject("labels");
        labels.put("alertname", "PredictedOutage");
        labels.put("device", alert.deviceId);
        if (alert.deviceClass != null) {
            labels.put("device_class", alert.deviceClass);
        }
        labels.put("severity", alert.severity.lowerCase());
        labels.put("dedup_key", alert.dedupKey);
        ObjectNode annotations = entry.putObject("annotations");
        annotations.put("summary", AlertSummary.title(alert));
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
            entry.put("startsAt", Instant.ofEpochMilli(alert.openedAt).toString());
            entry.put("endsAt", now.plus(hold).toString());
        }
        if (alert.dashboardUrl != null) {
            entry.put("generatorURL", alert.dashboardUrl);
        }
        return new DeliveryRequest(alertsUri, Map.of(), AlertSummary.write(body));
    }
}
