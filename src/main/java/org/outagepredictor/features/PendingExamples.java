package org.outagepredictor.features;

/**
 * One device's feature snapshots that wait for their label, oldest first. Bounded by {@code
 * labels.max-pending}; kept in its own keyed state, apart from {@link DeviceState}, because it is
 * read only when a snapshot is sampled, an incident or feedback arrives, or a label is due, and not
 * on every event. Written by {@link PendingExamplesSerializer}, values as floats.
 */
public class PendingExamples {

    /** Snapshot event times, ascending. */
    public long[] times = new long[0];

    /** Snapshot feature vectors, parallel to {@link #times}, rounded to float precision. */
    public double[][] values = new double[0][];

    /** Event time of the newest snapshot sampled, or {@link Long#MIN_VALUE} if none yet. */
    public long lastSampledTime = Long.MIN_VALUE;

    public PendingExamples() {}

    public int size() {
        return times.length;
    }

    public boolean isEmpty() {
        return times.length == 0;
    }
}
