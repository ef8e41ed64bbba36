package org.outagepredictor.delivery;

import java.time.Instant;
import org.outagepredictor.alerting.Alert;

/**
 * Turns an {@link Alert} into the request one kind of receiver expects. The client calls it for
 * every attempt, so that time-stamped parts (the webhook signature) are fresh on a retry.
 *
 * <p>Known limit: the layouts are fixed in code; there are no templates to change the wording.
 */
public interface PayloadFormatter {

    /**
     * The request for {@code alert}.
     *
     * @param severity the alert's severity; for a RESOLVE, the severity its TRIGGER was sent with
     *     where known, so that receivers that match on it (Alertmanager labels) see the same
     * @param now the time of the attempt
     */
    DeliveryRequest format(Alert alert, AlertSeverity severity, Instant now);

    /** The formatter for a target's type. */
    static PayloadFormatter forTarget(DeliveryTarget target, DeliveryOptions options) {
        AlertSummary summary = new AlertSummary(options.dashboardUrl);
        return switch (target.type()) {
            case PAGERDUTY -> new PagerDutyFormatter(target, summary);
            case OPSGENIE ->
                    new OpsgenieFormatter(target, summary, options.opsgeniePriorityThresholds);
            case SLACK -> new SlackFormatter(target, summary);
            case TEAMS -> new TeamsFormatter(target, summary);
            case ALERTMANAGER ->
                    new AlertmanagerFormatter(target, summary, options.alertmanagerHold);
            case WEBHOOK -> new SignedWebhookFormatter(target);
        };
    }
}
