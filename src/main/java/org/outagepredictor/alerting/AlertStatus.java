package org.outagepredictor.alerting;

/** Whether an {@link Alert} opens a predicted outage, says it is still open, or closes it. */
public enum AlertStatus {
    /** The device's risk crossed the trigger threshold: page on-call. */
    TRIGGER,
    /**
     * The alert with the same dedup key is still open, with its current risk. Sent every {@code
     * alerts.refresh-interval} for receivers that forget alerts not sent again (Alertmanager); the
     * others never get it, so it pages nobody.
     */
    REFRESH,
    /**
     * The alert with the same dedup key is over: the risk fell, the predicted outage opened as an
     * incident, or the device's data went stale.
     */
    RESOLVE
}
