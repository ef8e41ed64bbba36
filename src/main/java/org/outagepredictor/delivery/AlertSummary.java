package org.outagepredictor.delivery;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.outagepredictor.alerting.Alert;
import org.outagepredictor.alerting.AlertStatus;
import org.outagepredictor.alerting.AlertText;
import org.outagepredictor.alerting.Reason;
import org.outagepredictor.event.ChangeRef;

/**
 * The words every receiver shows: a one-line title, the reasons and the suspect changes as phrases.
 * Shared so that PagerDuty, Slack and Teams say the same thing.
 *
 * <p>Known limit: English only.
 */
final class AlertSummary {

    private AlertSummary() {}

    /** Builds and writes the JSON bodies of all formatters. */
    static final ObjectMapper JSON = new ObjectMapper();

    /**
     * E.g. {@code Predicted outage: fw-000007 (firewall) 91% risk within 2h}, or for a resolve
     * {@code Resolved: predicted outage of fw-000007 (firewall), risk fell below 25%}.
     */
    static String title(Alert alert) {
        String device =
                alert.deviceClass == null
                        ? alert.deviceId
                        : alert.deviceId + " (" + alert.deviceClass + ")";
        if (alert.status == AlertStatus.RESOLVE) {
            return "Resolved: predicted outage of "
                    + device
                    + (alert.resolution == null ? "" : ", " + alert.resolution);
        }
        return "Predicted outage: "
                + device
                + " "
                + AlertText.percent(alert.probability)
                + " risk within "
                + AlertText.duration(alert.horizonMinutes);
    }

    /** E.g. {@code error events in the last 5 minutes (+1.20)}, largest first. */
    static List<String> reasons(Alert alert) {
        List<String> reasons = new ArrayList<>();
        if (alert.reasons != null) {
            for (Reason reason : alert.reasons) {
                reasons.add(
                        reason.description
                                + String.format(Locale.ROOT, " (%+.2f)", reason.contribution));
            }
        }
        return reasons;
    }

    /**
     * E.g. {@code CHG0001234 UNAUTHORISED failed (servicenow, 2026-01-01T02:53:00Z)}, followed by
     * the change's link where {@code alerts.change-links} gives one.
     */
    static List<String> changes(Alert alert) {
        List<String> changes = new ArrayList<>();
        if (alert.suspectChanges != null) {
            for (ChangeRef change : alert.suspectChanges) {
                changes.add(
                        (change.id == null ? "(no id)" : change.id)
                                + (change.changeType == null ? "" : " " + change.changeType)
                                + (change.failed ? " failed" : "")
                                + " ("
                                + change.source
                                + ", "
                                + Instant.ofEpochMilli(change.time)
                                + ")"
                                + (change.link == null ? "" : " " + change.link));
            }
        }
        return changes;
    }

    /** At most {@code max} characters, cut with an ellipsis; receivers refuse longer fields. */
    static String truncate(String text, int max) {
        return text.length() <= max ? text : text.substring(0, max - 1) + "…";
    }

    /** The JSON text of a body built with {@link #JSON}. */
    static String write(JsonNode body) {
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            // A tree of plain nodes always serialises; only a bug could get here.
            throw new UncheckedIOException(e);
        }
    }
}
