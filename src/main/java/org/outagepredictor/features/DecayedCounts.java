package org.outagepredictor.features;

/**
 * Exponentially decayed event counts: for each {@link Counter} and each {@link HalfLife}, the sum
 * over past events of {@code 2^(-age / halfLife)}. One number per pair replaces a window of events,
 * so a device's state stays the same size whether it writes ten events a day or twelve million.
 * Values live in a plain {@code double[]} of {@link #SIZE} entries (part of {@link DeviceState});
 * this class holds only the arithmetic.
 *
 * <p>A steady stream of {@code r} events per millisecond settles at {@code r * h / ln 2}, so {@link
 * #ratePerHour} turns a count back into a rate. Until a device has been observed for a few
 * half-lives its long counts are still filling up; the rate divides by the filled fraction {@code 1
 * - 2^(-observed / h)} so that a device first seen a minute ago does not look like a burst against
 * an empty 24-hour baseline.
 */
public final class DecayedCounts {

    /** What is counted. */
    public enum Counter {
        /** Alerts and log events of severity WARNING or above. */
        ALERTS,
        /** Alerts and log events of severity ERROR or above. */
        ERRORS,
        /** All alerts and log events, whatever their severity. */
        EVENTS,
        CHANGES,
        FAILED_CHANGES,
        UNAUTHORISED_CHANGES,
        EMERGENCY_CHANGES,
        INCIDENTS
    }

    /** The half-lives that every counter is kept at. Part of the feature schema, not options. */
    public enum HalfLife {
        M5(5 * 60_000L),
        H1(60 * 60_000L),
        H24(24 * 60 * 60_000L);

        public final long millis;

        HalfLife(long millis) {
            this.millis = millis;
        }
    }

    private static final int HALF_LIVES = HalfLife.values().length;

    /** Length of the array that holds all counts. */
    public static final int SIZE = Counter.values().length * HALF_LIVES;

    private static final double LN2 = Math.log(2);
    private static final double MILLIS_PER_HOUR = 3_600_000.0;

    private DecayedCounts() {}

    public static int index(Counter counter, HalfLife halfLife) {
        return counter.ordinal() * HALF_LIVES + halfLife.ordinal();
    }

    /** {@code 2^(-elapsed / halfLife)}; 1 for no elapsed time. */
    public static double decayFactor(long elapsedMillis, HalfLife halfLife) {
        return Math.exp(-LN2 * elapsedMillis / halfLife.millis);
    }

    /** Decays every count by {@code elapsedMillis} (which must not be negative). */
    public static void decay(double[] counts, long elapsedMillis) {
        if (elapsedMillis <= 0) {
            return;
        }
        for (HalfLife halfLife : HalfLife.values()) {
            double factor = decayFactor(elapsedMillis, halfLife);
            for (int i = halfLife.ordinal(); i < SIZE; i += HALF_LIVES) {
                counts[i] *= factor;
            }
        }
    }

    /**
     * Counts one event that happened {@code ageMillis} before the time the counts are decayed to: 0
     * for an event in order, more for one that arrived late.
     */
    public static void add(double[] counts, Counter counter, long ageMillis) {
        int base = counter.ordinal() * HALF_LIVES;
        for (HalfLife halfLife : HalfLife.values()) {
            counts[base + halfLife.ordinal()] +=
                    ageMillis <= 0 ? 1.0 : decayFactor(ageMillis, halfLife);
        }
    }

    /** The count that a steady rate of one event per hour settles at, for a half-life. */
    public static double steadyCountPerHourlyRate(HalfLife halfLife) {
        return halfLife.millis / (LN2 * MILLIS_PER_HOUR);
    }

    public static double get(double[] counts, Counter counter, HalfLife halfLife) {
        return counts[index(counter, halfLife)];
    }

    /**
     * The event rate per hour that a count stands for, corrected for a device observed for less
     * than a few half-lives ({@code observedMillis}, at least one minute is assumed).
     */
    public static double ratePerHour(
            double[] counts, Counter counter, HalfLife halfLife, long observedMillis) {
        double filled = 1.0 - decayFactor(Math.max(observedMillis, 60_000L), halfLife);
        return counts[index(counter, halfLife)] * LN2 * MILLIS_PER_HOUR / halfLife.millis / filled;
    }
}
