package org.outagepredictor.delivery;

import java.util.function.LongSupplier;

/**
 * A token bucket that never blocks: {@link #reserve()} takes a token and says how long to wait
 * before using it. When the bucket is empty, the tokens go into debt, so callers queue up in the
 * order they reserved, each one token interval after the previous.
 *
 * <p>Known limit: the queue of reservations is unbounded; a flood of alerts waits longer and longer
 * instead of being refused. The Flink async operator's capacity bounds it in the job.
 */
final class TokenBucket {

    private final double capacity;
    private final double tokensPerNano;
    private final LongSupplier nanoTime;
    private double tokens;
    private long refilledAt;

    /**
     * @param perMinute the sustained rate
     * @param nanoTime a monotonic clock, {@code System::nanoTime} outside tests
     */
    TokenBucket(int perMinute, LongSupplier nanoTime) {
        // A burst of one second's worth, at least one: Slack's 1/s allows no burst at all.
        this.capacity = Math.max(1.0, Math.floor(perMinute / 60.0));
        this.tokensPerNano = perMinute / 60e9;
        this.nanoTime = nanoTime;
        this.tokens = capacity;
        this.refilledAt = nanoTime.getAsLong();
    }

    /** Takes a token; returns the nanoseconds to wait before sending (0: send now). */
    synchronized long reserve() {
        long now = nanoTime.getAsLong();
        tokens = Math.min(capacity, tokens + (now - refilledAt) * tokensPerNano);
        refilledAt = now;
        tokens -= 1;
        return tokens >= 0 ? 0 : (long) Math.ceil(-tokens / tokensPerNano);
    }
}
