package org.outagepredictor.delivery;

/**
 * The final outcome of delivering one alert to one target. Known limit: no "accepted but not yet
 * processed" state; a 202 from an asynchronous receiver (Opsgenie, Teams) counts as delivered.
 */
public enum DeliveryStatus {
    /** The receiver accepted the alert (a 2xx answer). */
    DELIVERED,
    /**
     * Given up: a 4xx other than 429, attempts exhausted, the circuit open, or a Retry-After beyond
     * the backoff cap. The job sends these to the dead-letter topic.
     */
    DEAD_LETTER
}
