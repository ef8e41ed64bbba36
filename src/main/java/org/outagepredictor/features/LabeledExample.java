package org.outagepredictor.features;

/**
 * A feature snapshot with the label that what happened next gave it: the trainer's input. A Flink
 * POJO.
 */
public class LabeledExample {

    /** Why the example got its label. */
    public enum Cause {
        /** An outage incident opened on the device within the horizon. */
        INCIDENT,
        /** The horizon passed without an outage incident. */
        HORIZON,
        /** On-call dismissed a prediction for the device as wrong. */
        DISMISSED
    }

    public String deviceId;

    /** Event time of the snapshot, epoch ms. */
    public long eventTime;

    /** Event time at which the label became known, epoch ms; at or after {@link #eventTime}. */
    public long labelTime;

    /** The snapshot's feature vector, laid out by {@link Feature}. */
    public double[] values;

    public boolean positive;

    /**
     * How many examples this one stands for: 1, or the inverse of the negative sampling share for a
     * sampled negative.
     */
    public double weight;

    public Cause cause;

    public LabeledExample() {}

    /** Event time from the snapshot to its label, in ms. */
    public long labelDelayMillis() {
        return labelTime - eventTime;
    }

    @Override
    public String toString() {
        return (positive ? "positive " : "negative ")
                + deviceId
                + " @"
                + eventTime
                + " labelled @"
                + labelTime
                + " by "
                + cause
                + " weight "
                + weight;
    }
}
