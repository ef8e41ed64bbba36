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

    public FeatureSnapshot() {}

    public double get(Feature feature) {
        return values[feature.ordinal()];
    }
}
