package org.outagepredictor.alerting;

import java.util.Locale;

/**
 * How urgent an alert is for on-call, from the model's probability ({@link
 * DeliveryOptions#severityOf}). Ordered from least to most urgent, so that a target's {@code
 * min-severity} is a comparison.
 *
 * <p>Known limit: the severity is a function of the probability alone; the device's importance (a
 * core router against a test server) does not enter it.
 */
public enum AlertSeverity {
    WARNING,
    ERROR,
    CRITICAL;

    /** The name receivers use: {@code warning}, {@code error}, {@code critical}. */
    public String lowerCase() {
        return name().toLowerCase(Locale.ROOT);
    }
}
