package org.outagepredictor.features;

/**
 * The named features of a {@link FeatureSnapshot}, in vector order. A model's coefficient {@code i}
 * belongs to {@code values()[i]}; appending a feature changes the model width, so models are
 * checked against {@link #COUNT} when loaded.
 *
 * <p>Counts are exponentially decayed (see {@link DecayedCounts}) and enter the vector as {@code
 * ln(1 + count)}, so that a firewall writing millions of events a day and a quiet server share a
 * scale. Each feature carries the phrase used when it explains an alert.
 */
public enum Feature {
    BIAS("baseline risk"),
    ALERTS_5M("alerts and warnings in the last 5 minutes"),
    ALERTS_1H("alerts and warnings in the last hour"),
    ALERTS_24H("alerts and warnings in the last 24 hours"),
    ERRORS_5M("error events in the last 5 minutes"),
    ERRORS_1H("error events in the last hour"),
    ERROR_BURST("error rate against the device's own 24-hour baseline"),
    EVENT_BURST("event rate against the device's own 24-hour baseline"),
    METRIC_MAX_Z("largest metric deviation from its average (z-score)"),
    METRIC_DRIFT("metric drifting away from its long-term average"),
    CHANGE_RECENCY("a change within the last hour or so"),
    CHANGES_1H("changes in the last hour"),
    CHANGES_24H("changes in the last 24 hours"),
    FAILED_CHANGES_1H("failed changes in the last hour"),
    FAILED_CHANGES_24H("failed changes in the last 24 hours"),
    UNAUTHORISED_CHANGES_24H("unauthorised changes in the last 24 hours"),
    EMERGENCY_CHANGES_24H("emergency changes in the last 24 hours"),
    INCIDENTS_24H("incidents in the last 24 hours"),
    RECENT_CHANGE_X_ERROR_BURST("a recent change followed by a burst of errors");

    /** Width of the feature vector. */
    public static final int COUNT = values().length;

    private final String description;

    Feature(String description) {
        this.description = description;
    }

    /** The phrase that explains this feature to a person reading an alert. */
    public String description() {
        return description;
    }

    /**
     * Feature names in vector order, lower case, as written in alerts and reports. Flink ML's model
     * format stores no names, only the width, so a model is matched to features by position.
     */
    public static String[] names() {
        String[] names = new String[COUNT];
        for (Feature feature : values()) {
            names[feature.ordinal()] = feature.name().toLowerCase(java.util.Locale.ROOT);
        }
        return names;
    }
}
