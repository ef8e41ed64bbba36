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
     * @param now the time of the attempt
     */
    DeliveryRequest format(Alert alert, Instant now);

    /** The formatter for a target's type. */
    static PayloadFormatter forTarget(DeliveryTarget target, DeliveryOptions options) {
        return switch (target.type()) {
            case PAGERDUTY -> new PagerDutyFormatter(target);
            case OPSGENIE -> new OpsgenieFormatter(target, options.opsgeniePriorityThresholds);
            case SLACK -> new SlackFormatter(target);
            case TEAMS -> new TeamsFormatter(target);
            case ALERTMANAGER -> new AlertmanagerFormatter(target, options.alertmanagerHold);
            case WEBHOOK -> new SignedWebhookFormatter(target);
        };
    }
}
