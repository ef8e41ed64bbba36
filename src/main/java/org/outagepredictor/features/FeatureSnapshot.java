package org.outagepredictor.features;

import org.outagepredictor.event.ChangeRef;

/**
 * One device's rolling features at one moment: a fixed-width dense vector laid out by {@link
 * Feature}, plus the device's recent changes for explanations. A Flink POJO.
 */
public class FeatureSnapshot {
    public String deviceId;
    public String deviceClass;

    /** Event time of the event that produced this snapshot, epoch milliseconds. */
    public long eventTime;

    /** Feature values; index {@code i} holds {@code Feature.values()[i]}. */
    public double[] values;

    /** The device's most recent changes, newest first. */
    public ChangeRef[] recentChanges;

    /**
     * Event time of the device's newest outage incident, or {@link Long#MIN_VALUE} if none: lets
     * the alert policy close a prediction that came true, and hold new ones while the outage is on.
     */
    public long lastOutageTime = Long.MIN_VALUE;

    /** The newest outage incident's id in its source, or {@code null}. */
    public String lastOutageId;

    public FeatureSnapshot() {}

    public double get(Feature feature) {
        return values[feature.ordinal()];
    }
}
