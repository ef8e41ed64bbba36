package org.outagepredictor.delivery;

import java.util.Objects;

/**
 * What became of one alert at one target: delivered or dead-lettered, after how many requests, with
 * the last HTTP status or error. A Flink POJO, so the job can route dead letters to a topic.
 *
 * <p>{@link #error} never holds a secret: the client masks the target's secret out of it.
 *
 * <p>Known limit: {@link #error} is text for people, not a code to branch on; only the last
 * attempt's failure is kept.
 */
public class DeliveryResult {

    /** The target's name in {@code delivery.targets}. */
    public String target;

    /** The target's type key ({@code pagerduty}, {@code slack}, ...). */
    public String targetType;

    public String dedupKey;

    /** {@code TRIGGER} or {@code RESOLVE}: which of the alert's messages this was. */
    public String alertStatus;

    public DeliveryStatus status;

    /** HTTP requests sent; 0 if the circuit was open at the first attempt. */
    public int attempts;

    /** The last HTTP status received, 0 if none (network error, timeout, circuit open). */
    public int httpStatus;

    /**
     * Why the last attempt failed, e.g. {@code HTTP 500}, {@code HttpTimeoutException: request
     * timed out}, {@code circuit open}; {@code null} when delivered.
     */
    public String error;

    /** When the outcome was decided, epoch milliseconds. */
    public long finishedAt;

    public DeliveryResult() {}

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof DeliveryResult)) {
            return false;
        }
        DeliveryResult that = (DeliveryResult) o;
        return attempts == that.attempts
                && httpStatus == that.httpStatus
                && finishedAt == that.finishedAt
                && Objects.equals(target, that.target)
                && Objects.equals(targetType, that.targetType)
                && Objects.equals(dedupKey, that.dedupKey)
                && Objects.equals(alertStatus, that.alertStatus)
                && status == that.status
                && Objects.equals(error, that.error);
    }

    @Override
    public int hashCode() {
        return Objects.hash(target, dedupKey, alertStatus, status);
    }

    @Override
    public String toString() {
        return status
                + " "
                + alertStatus
                + " "
                + dedupKey
                + " to "
                + target
                + " after "
                + attempts
                + " attempt(s)"
                + (httpStatus == 0 ? "" : ", HTTP " + httpStatus)
                + (error == null ? "" : ", " + error);
    }
}
