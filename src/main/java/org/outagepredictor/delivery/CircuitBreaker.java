package org.outagepredictor.delivery;

import java.util.function.LongSupplier;

/**
 * Per-target circuit breaker. Closed: requests go through. After {@code failureThreshold}
 * consecutive failed requests it opens: requests are refused without touching the receiver. After
 * the cool-down it is half-open: one trial request goes through; its success closes the circuit,
 * its failure opens it for another cool-down.
 *
 * <p>A failure is a request the receiver could not answer properly (5xx, timeout, network error). A
 * 4xx answer, 429 included, shows the receiver is up and counts as a success here.
 *
 * <p>Known limit: state is per client instance, so each parallel Flink subtask has its own breaker
 * and learns of an outage separately.
 */
final class CircuitBreaker {

    /** The breaker's state, for tests and logs. */
    enum State {
        CLOSED,
        OPEN,
        HALF_OPEN
    }

    private final int failureThreshold;
    private final long coolDownNanos;
    private final LongSupplier nanoTime;
    private State state = State.CLOSED;
    private int consecutiveFailures;
    private long openedAt;
    private boolean trialInFlight;

    CircuitBreaker(int failureThreshold, long coolDownNanos, LongSupplier nanoTime) {
        this.failureThreshold = failureThreshold;
        this.coolDownNanos = coolDownNanos;
        this.nanoTime = nanoTime;
    }

    /** Whether a request may go out now; if so, the caller must report its outcome. */
    synchronized boolean tryAcquire() {
        switch (state) {
            case CLOSED:
                return true;
            case OPEN:
                if (nanoTime.getAsLong() - openedAt < coolDownNanos) {
                    return false;
                }
                state = State.HALF_OPEN;
                trialInFlight = true;
                return true;
            case HALF_OPEN:
            default:
                if (trialInFlight) {
                    return false;
                }
                trialInFlight = true;
                return true;
        }
    }

    synchronized void onSuccess() {
        state = State.CLOSED;
        consecutiveFailures = 0;
        trialInFlight = false;
    }

    /** Records a failed request; returns true if this opened the circuit. */
    synchronized boolean onFailure() {
        consecutiveFailures++;
        trialInFlight = false;
        if (state == State.HALF_OPEN || consecutiveFailures >= failureThreshold) {
            boolean opened = state != State.OPEN;
            state = State.OPEN;
            openedAt = nanoTime.getAsLong();
            return opened;
        }
        return false;
    }

    synchronized State state() {
        return state;
    }
}
