package org.outagepredictor.alerting;

import java.time.Instant;
import java.util.Locale;
import org.outagepredictor.event.ChangeRef;

/**
 * One readable line per {@link Alert}, for the console and the local alerts file: what an on-call
 * engineer woken at 3 a.m. needs first (device, risk, horizon, why, which change), in words, e.g.
 *
 * <pre>
 * TRIGGER CRITICAL fw-000007 (firewall) 91% risk of outage within 2h [model v1] at 2026-01-01T03:05:00Z
 * reasons: error events in the last 5 minutes (+1.20), failed changes in the last hour (+0.85)
 * suspect changes: CHG0001234 UNAUTHORISED failed 12 min before
 * </pre>
 *
 * (one line in the output; wrapped here).
 */
public final class AlertText {

    private AlertText() {}

    public static String format(Alert alert) {
        StringBuilder line = new StringBuilder(200);
        line.append(alert.status);
        if (alert.status != AlertStatus.RESOLVE && alert.severity != null) {
            line.append(' ').append(alert.severity);
        }
        line.append(' ').append(alert.deviceId);
        if (alert.deviceClass != null) {
            line.append(" (").append(alert.deviceClass).append(')');
        }
        line.append(' ')
                .append(percent(alert.probability))
                .append(" risk of outage within ")
                .append(duration(alert.horizonMinutes))
                .append(" [model v")
                .append(alert.modelVersion)
                .append("] at ")
                .append(Instant.ofEpochMilli(alert.eventTime));
        if (alert.resolution != null) {
            line.append(" resolved: ").append(alert.resolution);
        }
        if (alert.reasons != null && alert.reasons.length > 0) {
            line.append(" reasons: ");
            for (int i = 0; i < alert.reasons.length; i++) {
                Reason reason = alert.reasons[i];
                line.append(i == 0 ? "" : ", ")
                        .append(reason.description)
                        .append(String.format(Locale.ROOT, " (%+.2f)", reason.contribution));
            }
        }
        if (alert.suspectChanges != null && alert.suspectChanges.length > 0) {
            line.append(" suspect changes: ");
            for (int i = 0; i < alert.suspectChanges.length; i++) {
                line.append(i == 0 ? "" : ", ");
                appendChange(line, alert.suspectChanges[i], alert.eventTime);
            }
        }
        if (alert.dashboardUrl != null) {
            line.append(" dashboard: ").append(alert.dashboardUrl);
        }
        return line.toString();
    }

    /**
     * A probability as a whole percentage. Anything short of certainty shows as at most 99%, so
     * that a model's 0.997 does not read as a sure outage.
     */
    public static String percent(double probability) {
        long percent = Math.round(probability * 100.0);
        if (percent == 100 && probability < 1.0) {
            percent = 99;
        }
        return percent + "%";
    }

    private static void appendChange(StringBuilder line, ChangeRef change, long alertTime) {
        line.append(change.id == null ? "(no id)" : change.id);
        if (change.changeType != null) {
            line.append(' ').append(change.changeType);
        }
        if (change.failed) {
            line.append(" failed");
        }
        long minutesBefore = (alertTime - change.time) / 60_000L;
        line.append(' ');
        if (minutesBefore < 120) {
            line.append(minutesBefore).append(" min");
        } else {
            line.append(minutesBefore / 60).append(" h");
        }
        line.append(" before");
        if (change.link != null) {
            line.append(' ').append(change.link);
        }
    }

    /** A horizon in minutes as people write it: {@code 45m}, {@code 2h}, {@code 1h30m}. */
    public static String duration(int minutes) {
        if (minutes < 60) {
            return minutes + "m";
        }
        return minutes % 60 == 0 ? minutes / 60 + "h" : minutes / 60 + "h" + minutes % 60 + "m";
    }
}
