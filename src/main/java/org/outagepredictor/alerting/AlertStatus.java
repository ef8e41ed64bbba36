package org.outagepredictor.alerting;

/** Whether an {@link Alert} opens a predicted outage or closes it. */
public enum AlertStatus {
    /** The device's risk crossed the trigger threshold: page on-call. */
    TRIGGER,
    /** The alert with the same dedup key is over: the risk fell, or its data went stale. */
    RESOLVE
}
