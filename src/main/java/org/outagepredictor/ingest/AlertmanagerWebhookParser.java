package org.outagepredictor.ingest;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.outagepredictor.event.EventKind;
import org.outagepredictor.event.OpsEvent;
import org.outagepredictor.event.Severity;

/**
 * Prometheus Alertmanager webhook notifications, version 4: {@code {"version": "4", "status": ...,
 * "alerts": [{"status", "labels", "annotations", "startsAt", "endsAt", "fingerprint"}, ...]}}. Each
 * alert becomes one ALERT on the device in its {@code mapping.alertmanager.device-label} label
 * (default {@code instance}, with any {@code :port} dropped).
 *
 * <p>A firing alert is an ALERT at {@code startsAt} with the severity of its {@code severity} label
 * through {@code mapping.severity-names} (WARNING if it has none); a resolved alert is an ALERT of
 * severity INFO at {@code endsAt}, so that it counts as activity but not as a warning sign. The
 * reference is the alert's {@code fingerprint}, the summary its {@code alertname} and {@code
 * summary} (or {@code description}) annotation.
 *
 * <p>Limits: Alertmanager repeats firing alerts every repeat_interval with the same {@code
 * startsAt}, so repeats give identical events (same time and reference), which downstream
 * deduplication can drop; other webhook versions are errors.
 */
final class AlertmanagerWebhookParser extends AbstractRecordParser {

    private static final long serialVersionUID = 1L;

    private final FieldMapping mapping;

    AlertmanagerWebhookParser(FieldMapping mapping) {
        super("Alertmanager");
        this.mapping = mapping;
    }

    @Override
    List<OpsEvent> parseRecord(byte[] value) throws MalformedRecordException, IOException {
        JsonNode webhook = Json.requireObject(Json.read(value), formatName(), "webhook");
        String version = Json.requireText(webhook, "version");
        if (!version.equals("4")) {
            throw new MalformedRecordException(
                    "field 'version' is '" + Times.abbreviate(version) + "', only 4 is read");
        }
        JsonNode alerts = Json.at(webhook, "alerts");
        if (alerts == null || !alerts.isArray()) {
            throw new MalformedRecordException(
                    alerts == null
                            ? "missing field 'alerts'"
                            : "field 'alerts' must be a list, found " + Json.kind(alerts));
        }
        List<OpsEvent> events = new ArrayList<>(alerts.size());
        for (int i = 0; i < alerts.size(); i++) {
            try {
                events.add(alert(alerts.get(i)));
            } catch (MalformedRecordException e) {
                throw new MalformedRecordException("alerts[" + i + "]: " + e.getMessage(), e);
            }
        }
        return events;
    }

    private OpsEvent alert(JsonNode alert) throws MalformedRecordException {
        JsonNode labels = Json.requireObject(alert, "labels");
        String label = mapping.alertmanagerDeviceLabel;
        String device = mapping.device(Json.text(labels, label), "labels." + label);
        String status = Json.requireText(alert, "status");
        boolean resolved;
        if (status.equals("firing")) {
            resolved = false;
        } else if (status.equals("resolved")) {
            resolved = true;
        } else {
            throw new MalformedRecordException(
                    "field 'status' must be firing or resolved, found '"
                            + Times.abbreviate(status)
                            + "'");
        }
        String timeField = resolved ? "endsAt" : "startsAt";
        OpsEvent event =
                OpsEvent.of(
                        EventKind.ALERT,
                        device,
                        Times.iso(Json.requireText(alert, timeField), timeField));
        String severityName = Json.text(labels, "severity");
        Severity severity =
                severityName == null ? Severity.WARNING : mapping.severity(severityName);
        if (severity == null) {
            throw new MalformedRecordException(
                    "field 'labels.severity' value '"
                            + Times.abbreviate(severityName)
                            + "' is not in "
                            + MappingOptions.SEVERITY_NAMES.key());
        }
        event.severity = resolved ? Severity.INFO : severity;
        event.reference = Json.text(alert, "fingerprint");
        event.source = "alertmanager";
        String name = Json.requireText(labels, "alertname");
        String summary = Json.text(alert, "annotations.summary");
        if (summary == null) {
            summary = Json.text(alert, "annotations.description");
        }
        event.summary =
                Summaries.firstLine(
                        (resolved ? "resolved: " : "")
                                + name
                                + (summary == null ? "" : ": " + summary));
        return event;
    }
}
