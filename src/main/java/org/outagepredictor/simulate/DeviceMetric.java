package org.outagepredictor.simulate;

/**
 * A metric the simulator samples, with how it behaves. Spreads and shifts are fractions of the
 * device's own baseline, so a busy firewall and a quiet one deviate alike in relative terms.
 */
enum DeviceMetric {
    TEMPERATURE("temperature", 35, 50, 0.02, 0.08, 0, 120, 85, 70),
    CPU("cpu", 10, 40, 0.10, 1.5, 0, 100, Double.NaN, Double.NaN),
    DISK_USED("disk_used", 30, 70, 0.005, 0.05, 0, 100, 99.5, 90),
    LATENCY_MS("latency_ms", 2, 20, 0.10, 4.0, 0, Double.MAX_VALUE, Double.NaN, Double.NaN),
    SESSIONS("sessions", 1_000, 50_000, 0.05, -0.5, 0, Double.MAX_VALUE, Double.NaN, Double.NaN);

    /** The name written to {@link org.outagepredictor.event.OpsEvent#metricName}. */
    final String metricName;

    final double baselineMin;
    final double baselineMax;

    /** Standard deviation of a sample around the baseline, as a fraction of the baseline. */
    final double noise;

    /** Shift of a fully degraded device, as a fraction of the baseline (negative: a drop). */
    final double degradedShift;

    final double lowest;
    final double highest;

    /**
     * Value a slow drift climbs to by the time of its incident; NaN if this metric never drifts.
     */
    final double driftTarget;

    /** Above this a threshold alert fires; NaN for none. Healthy noise never gets there. */
    final double warningLevel;

    /** Summary of that threshold alert. */
    final String thresholdAlertText;

    DeviceMetric(
            String metricName,
            double baselineMin,
            double baselineMax,
            double noise,
            double degradedShift,
            double lowest,
            double highest,
            double driftTarget,
            double warningLevel) {
        this.metricName = metricName;
        this.baselineMin = baselineMin;
        this.baselineMax = baselineMax;
        this.noise = noise;
        this.degradedShift = degradedShift;
        this.lowest = lowest;
        this.highest = highest;
        this.driftTarget = driftTarget;
        this.warningLevel = warningLevel;
        this.thresholdAlertText = metricName + " above " + (long) warningLevel;
    }
}
