package org.outagepredictor.event;

/** What an {@link OpsEvent} reports. */
public enum EventKind {
    /**
     * A change to a configuration, device, network or application, or a configuration-management
     * run.
     */
    CHANGE,
    /** A monitoring alert (SolarWinds, Alertmanager, a firewall THREAT or SYSTEM entry). */
    ALERT,
    /** A log line or log-search hit, with a severity. */
    LOG,
    /** One sample of a numeric metric (temperature, CPU, disk, latency). */
    METRIC,
    /** A service-desk incident: an outage that really happened; the source of labels. */
    INCIDENT,
    /** An on-call engineer's answer to a prediction: acknowledged and mitigated, or dismissed. */
    FEEDBACK
}
