package org.outagepredictor.testutils;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Polling for the tests that watch a system of other processes (a Flink cluster through its REST
 * API, a broker) reach a state: there is no event to wait on, so they look every half second, for a
 * bounded time, and fail with the last thing they saw.
 */
public final class Await {

    private Await() {}

    /** What is looked at; it may throw while the system is not ready (a refused connection). */
    public interface Probe<T> {
        T get() throws Exception;
    }

    /** Whether what was seen is what is waited for. */
    public interface Check<T> {
        boolean test(T value) throws Exception;
    }

    /**
     * Polls {@code probe} every half second until {@code done} holds, for at most {@code timeout};
     * returns the value that held, or fails with the last one seen (and the last error, if any, as
     * suppressed).
     */
    public static <T> T until(String what, Duration timeout, Probe<T> probe, Check<T> done)
            throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        T last = null;
        Exception lastError = null;
        while (System.nanoTime() < deadline) {
            try {
                last = probe.get();
                if (done.test(last)) {
                    return last;
                }
            } catch (Exception e) {
                lastError = e;
            }
            TimeUnit.MILLISECONDS.sleep(500);
        }
        AssertionError failure =
                new AssertionError(
                        "Waited "
                                + timeout.toSeconds()
                                + " s for "
                                + what
                                + "; last seen: "
                                + last);
        if (lastError != null) {
            failure.addSuppressed(lastError);
        }
        throw failure;
    }
}
