package org.outagepredictor.model;

/**
 * Everything the trainer checkpoints, so that a restore resumes learning exactly: FTRL's {@code z}
 * and {@code n}, the published version and its coefficients, the candidate under comparison, the
 * counters and the prequential window. A Flink POJO in operator state.
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

    /** Label time up to which the published model had learnt (0 from builds before it was kept). */
    public long currentTrainedUntil;

    /** The FTRL sums of the candidate under comparison, or {@code null} if there is none. */
    public double[] candidateZ;

    public double[] candidateN;

    /** Label time up to which the candidate had learnt, and from how many examples. */
    public long candidateTrainedUntil;

    public long candidateExamplesTrained;

    public double[] windowCandidate;
    public double[] windowCurrent;
    public boolean[] windowPositive;
    public double[] windowWeight;
    public long[] windowLabelDelay;
    public long[] windowSnapshotTime;
    public int windowNext;
    public int windowSize;

    public TrainerState() {}
}
