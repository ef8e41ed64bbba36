package org.outagepredictor.features;

import org.outagepredictor.event.ChangeRef;

/**
 * Everything {@link DeviceFeatures} keeps about one device, in one RocksDB value: its size does not
 * grow with the device's event rate (decayed counts, one small set of figures per metric, a short
 * ring of recent changes). Written by {@link DeviceStateSerializer}: a field added here must be
 * added there too, under a new snapshot version that still reads the old encoding.
 */
public class DeviceState {

    public String deviceClass;

    /** Event time of the first event seen, epoch ms: how long the device has been observed. */
    public long firstEventTime;

    /** Event time the decayed counts are current at: the newest event seen. */
    public long lastEventTime;

    /** Decayed counts, laid out by {@link DecayedCounts#index}. */
    public double[] counts;

    /** Event time of the newest change, or {@link Long#MIN_VALUE} if none was seen. */
    public long lastChangeTime;

    /** The newest changes, newest first; {@code null} entries are unused. */
    public ChangeRef[] recentChanges;

    /** Metric names tracked, one slot each; {@code null} for a free slot. */
    public String[] metricNames;

    /** Per metric slot: exponentially weighted mean over recent samples (reacts fast). */
    public double[] metricFastMean;

    /** Per metric slot: exponentially weighted mean over many samples (the baseline). */
    public double[] metricSlowMean;

    /** Per metric slot: exponentially weighted variance around the baseline. */
    public double[] metricVariance;

    /** Per metric slot: samples seen (used for warm-up). */
    public long[] metricSamples;

    /** Per metric slot: event time of the latest sample. */
    public long[] metricLastTime;

    /** Per metric slot: z-score of the latest sample against the baseline before it. */
    public double[] metricLastZ;

    /** Event time of the newest outage incident, or {@link Long#MIN_VALUE} if none was seen. */
    public long lastOutageTime = Long.MIN_VALUE;

    /** The source's id of the newest outage incident, or {@code null}. */
    public String lastOutageId;

    /** Event time of the last emitted snapshot, or {@link Long#MIN_VALUE} if none. */
    public long lastSnapshotTime;

    /**
     * Event time of the device's one timer ({@link DeviceFeatures}): its oldest waiting snapshot's
     * label time, or its idle cleanup. Named for the cleanup, its only use in earlier builds, whose
     * state restores into it by this name.
     */
    public long cleanupTimerAt;

    /**
     * Event time at which the oldest snapshot waiting for a label is due to be labelled negative,
     * or {@link Long#MAX_VALUE} if none waits: lets an event skip reading the waiting snapshots.
     */
    public long nextLabelDue = Long.MAX_VALUE;

    /**
     * Event time of the newest snapshot kept for labelling ({@link PendingExamples#lastSampledTime}
     * while any waits), or {@link Long#MIN_VALUE}: lets a snapshot that is not due for sampling
     * skip reading the waiting ones.
     */
    public long lastSampledTime = Long.MIN_VALUE;

    public DeviceState() {}

    /** An empty state for a device first seen at {@code time}. */
    public static DeviceState create(long time, int metricSlots, int recentChangeSlots) {
        DeviceState state = new DeviceState();
        state.firstEventTime = time;
        state.lastEventTime = time;
        state.counts = new double[DecayedCounts.SIZE];
        state.lastChangeTime = Long.MIN_VALUE;
        state.recentChanges = new ChangeRef[recentChangeSlots];
        state.newMetricSlots(metricSlots);
        state.lastSnapshotTime = Long.MIN_VALUE;
        state.nextLabelDue = Long.MAX_VALUE;
        state.lastSampledTime = Long.MIN_VALUE;
        return state;
    }

    /** Replaces the metric slots with {@code slots} free ones. */
    void newMetricSlots(int slots) {
        metricNames = new String[slots];
        metricFastMean = new double[slots];
        metricSlowMean = new double[slots];
        metricVariance = new double[slots];
        metricSamples = new long[slots];
        metricLastTime = new long[slots];
        metricLastZ = new double[slots];
    }
}
