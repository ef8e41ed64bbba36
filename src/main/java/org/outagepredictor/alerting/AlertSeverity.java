package org.outagepredictor.alerting;

import java.util.Locale;

/**
 * How urgent an alert is for on-call, set when it opens from the probability and the device class
 * ({@link AlertPolicy#severity}). Ordered from least to most urgent, so that a target's {@code
 * min-severity} and a class's minimum are comparisons.
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
