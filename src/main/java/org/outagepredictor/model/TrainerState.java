package org.outagepredictor.model;

/**
 * Everything the trainer checkpoints, so that a restore resumes learning exactly: FTRL's {@code z}
 * and {@code n}, the published version and its coefficients, the counters and the prequential
 * window. A Flink POJO in operator state.
 */
public class TrainerState {
    public long version;
    public double[] z;
    public double[] n;

    /** Coefficients of the published model, or {@code null} if none has been published. */
    public double[] currentCoefficients;

    public long examplesTrained;
    public int examplesSinceCheck;
    public long lastCheckAt;
    public long trainedUntil;

    public double[] windowCandidate;
    public double[] windowCurrent;
    public boolean[] windowPositive;
    public double[] windowWeight;
    public long[] windowLabelDelay;
    public int windowNext;
    public int windowSize;

    public TrainerState() {}
}
