package org.outagepredictor.features;

import java.io.Serializable;
import java.util.Arrays;
import java.util.function.Consumer;
import org.outagepredictor.event.EventKind;
import org.outagepredictor.event.Feedback;
import org.outagepredictor.event.OpsEvent;

/**
 * Labels feature snapshots in event time with what happened next on their device. Plain Java:
 * {@link DeviceFeatures} keeps the {@link PendingExamples} in keyed state and the timers; this
 * class decides.
 *
 * <ul>
 *   <li>A snapshot at t is <b>positive</b> when an outage incident (priority in {@code
 *       labels.outage-priorities}) opens on the device at T with t + min lead &lt; T &le; t +
 *       horizon.
 *   <li>It is <b>not learned</b> when such an incident opens at T &le; t + min lead: the outage was
 *       already under way or too close to warn of, so calling the snapshot healthy would be wrong
 *       and calling it a successful warning would teach nothing usable.
 *   <li>It is <b>negative</b> when t + horizon + late-incident grace passes without one; only a
 *       share ({@code labels.negative-sampling}) of negatives is passed on, weighted by the inverse
 *       share. Which ones is a hash of device and time, not a random draw, so a replay or restore
 *       labels the same way.
 *   <li>Feedback on a prediction for the device: DISMISSED turns its snapshots up to then into
 *       negatives at full weight (a human said the warning was wrong); ACKNOWLEDGED_MITIGATED drops
 *       them unlearned, because an outage that did not happen only because on-call acted on the
 *       warning must not teach the model that the warning was wrong.
 *   <li>When the input ends (watermark at its maximum: a bounded run, or the bootstrap trainer's
 *       batch run, where timers fire only at the end), a waiting snapshot is labelled negative if
 *       its device was seen past its label time without an outage, and dropped otherwise: nothing
 *       says whether an outage would have followed.
 * </ul>
 */
public final class Labeller implements Serializable {

    private static final long serialVersionUID = 1L;

    private final LabelOptions options;

    public Labeller(LabelOptions options) {
        this.options = options;
    }

    public LabelOptions options() {
        return options;
    }

    /**
     * Keeps {@code snapshot} waiting for its label if it is due for sampling (a change, or the
     * sample interval has passed) and there is room.
     *
     * @return whether the snapshot was kept; if so its label is due by {@link #negativeAt} of its
     *     time at the latest
     */
    public Offer offer(PendingExamples pending, FeatureSnapshot snapshot, boolean atChange) {
        long t = snapshot.eventTime;
        if (!dueForSampling(pending.lastSampledTime, t, atChange)) {
            return Offer.NOT_DUE;
        }
        if (pending.size() >= options.maxPending) {
            return Offer.FULL;
        }
        int at = insertionPoint(pending.times, t);
        pending.times = insert(pending.times, at, t);
        double[][] values = Arrays.copyOf(pending.values, pending.values.length + 1);
        System.arraycopy(values, at, values, at + 1, values.length - at - 1);
        // Rounded to float here, as PendingExamplesSerializer stores them: an example is the same
        // whether its device's state was read from RocksDB, kept on the heap or restored.
        double[] kept = new double[snapshot.values.length];
        for (int i = 0; i < kept.length; i++) {
            kept[i] = (float) snapshot.values[i];
        }
        values[at] = kept;
        pending.values = values;
        pending.lastSampledTime = Math.max(pending.lastSampledTime, t);
        return Offer.KEPT;
    }

    /**
     * Whether a snapshot at {@code time} is due for sampling after the newest one sampled at {@code
     * lastSampledTime} ({@link Long#MIN_VALUE} for none): a change always is, any other snapshot
     * once the sample interval has passed.
     */
    public boolean dueForSampling(long lastSampledTime, long time, boolean atChange) {
        return atChange
                || lastSampledTime == Long.MIN_VALUE
                || time - lastSampledTime >= options.sampleIntervalMillis;
    }

    /** What {@link #offer} did with a snapshot. */
    public enum Offer {
        KEPT,
        /** Not a change, and the sample interval has not passed. */
        NOT_DUE,
        /** The device already has {@code labels.max-pending} snapshots waiting. */
        FULL
    }

    /** Event time at which a snapshot taken at {@code snapshotTime} is labelled negative. */
    public long negativeAt(long snapshotTime) {
        return snapshotTime + options.negativeAfterMillis();
    }

    /**
     * Labels the pending snapshots that an INCIDENT or FEEDBACK event decides, removes them, and
     * returns how many were dropped unlearned. Events of other kinds, and incidents that are not
     * outages, decide nothing.
     */
    public int onEvent(
            PendingExamples pending,
            String deviceId,
            OpsEvent event,
            Consumer<LabeledExample> out) {
        if (pending.isEmpty()) {
            return 0;
        }
        if (isOutage(event)) {
            return onOutage(pending, deviceId, event.eventTime, out);
        }
        if (event.kind == EventKind.FEEDBACK && event.feedback != null) {
            return onFeedback(pending, deviceId, event.eventTime, event.feedback, out);
        }
        return 0;
    }

    /** Whether {@code event} is an incident whose priority counts as an outage. */
    public boolean isOutage(OpsEvent event) {
        return event.kind == EventKind.INCIDENT && options.isOutage(event.priority);
    }

    private int onOutage(
            PendingExamples pending,
            String deviceId,
            long incidentTime,
            Consumer<LabeledExample> out) {
        int dropped = 0;
        int kept = 0;
        for (int i = 0; i < pending.size(); i++) {
            long t = pending.times[i];
            long lead = incidentTime - t;
            if (lead > options.minLeadMillis && lead <= options.horizonMillis) {
                out.accept(
                        example(
                                deviceId,
                                t,
                                pending.values[i],
                                incidentTime,
                                true,
                                1.0,
                                LabeledExample.Cause.INCIDENT));
            } else if (lead >= 0 && lead <= options.minLeadMillis) {
                dropped++;
            } else {
                keep(pending, i, kept++);
            }
        }
        truncate(pending, kept);
        return dropped;
    }

    private int onFeedback(
            PendingExamples pending,
            String deviceId,
            long feedbackTime,
            Feedback feedback,
            Consumer<LabeledExample> out) {
        int dropped = 0;
        int kept = 0;
        for (int i = 0; i < pending.size(); i++) {
            long t = pending.times[i];
            if (t > feedbackTime) {
                keep(pending, i, kept++);
            } else if (feedback == Feedback.DISMISSED) {
                out.accept(
                        example(
                                deviceId,
                                t,
                                pending.values[i],
                                feedbackTime,
                                false,
                                1.0,
                                LabeledExample.Cause.DISMISSED));
            } else {
                dropped++;
            }
        }
        truncate(pending, kept);
        return dropped;
    }

    /**
     * Labels negative every pending snapshot whose negative label is due at or before {@code time},
     * and removes them.
     *
     * @param observedUntil event time up to which the device's events are known to be complete:
     *     {@link Long#MAX_VALUE} while the input runs (the watermark vouches for it), the device's
     *     last event time once the input has ended; snapshots due after it are dropped
     * @return how many were dropped unlearned
     */
    public int expire(
            PendingExamples pending,
            String deviceId,
            long time,
            long observedUntil,
            Consumer<LabeledExample> out) {
        int dropped = 0;
        int kept = 0;
        for (int i = 0; i < pending.size(); i++) {
            long t = pending.times[i];
            long due = negativeAt(t);
            if (due > time) {
                keep(pending, i, kept++);
            } else if (due > observedUntil) {
                dropped++;
            } else if (sampled(deviceId, t)) {
                out.accept(
                        example(
                                deviceId,
                                t,
                                pending.values[i],
                                due,
                                false,
                                1.0 / options.negativeSampling,
                                LabeledExample.Cause.HORIZON));
            }
        }
        truncate(pending, kept);
        return dropped;
    }

    /** Event time of the earliest label due by the horizon, or {@link Long#MAX_VALUE} if none. */
    public long nextDue(PendingExamples pending) {
        return pending.isEmpty() ? Long.MAX_VALUE : negativeAt(pending.times[0]);
    }

    /**
     * Whether the negative for this device and time is among the sampled share: a hash, so the same
     * snapshot is always decided the same way.
     */
    boolean sampled(String deviceId, long time) {
        if (options.negativeSampling >= 1.0) {
            return true;
        }
        long h = deviceId.hashCode() * 0x9E3779B97F4A7C15L + time;
        // The SplitMix64 finaliser: spreads nearby inputs over the whole range.
        h = (h ^ (h >>> 30)) * 0xBF58476D1CE4E5B9L;
        h = (h ^ (h >>> 27)) * 0x94D049BB133111EBL;
        h = h ^ (h >>> 31);
        double uniform = (h >>> 11) * 0x1.0p-53;
        return uniform < options.negativeSampling;
    }

    private static LabeledExample example(
            String deviceId,
            long eventTime,
            double[] values,
            long labelTime,
            boolean positive,
            double weight,
            LabeledExample.Cause cause) {
        LabeledExample example = new LabeledExample();
        example.deviceId = deviceId;
        example.eventTime = eventTime;
        example.labelTime = labelTime;
        example.values = values;
        example.positive = positive;
        example.weight = weight;
        example.cause = cause;
        return example;
    }

    private static void keep(PendingExamples pending, int from, int to) {
        pending.times[to] = pending.times[from];
        pending.values[to] = pending.values[from];
    }

    private static void truncate(PendingExamples pending, int size) {
        if (size != pending.size()) {
            pending.times = Arrays.copyOf(pending.times, size);
            pending.values = Arrays.copyOf(pending.values, size);
        }
    }

    private static int insertionPoint(long[] sorted, long t) {
        int i = sorted.length;
        while (i > 0 && sorted[i - 1] > t) {
            i--;
        }
        return i;
    }

    private static long[] insert(long[] array, int at, long value) {
        long[] result = new long[array.length + 1];
        System.arraycopy(array, 0, result, 0, at);
        result[at] = value;
        System.arraycopy(array, at, result, at + 1, array.length - at);
        return result;
    }
}
