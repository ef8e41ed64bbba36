package org.outagepredictor.model;

import java.util.Locale;

/**
 * What one publication check found: the candidate's and the current model's prequential metrics
 * over the examples that compare them ({@link PrequentialWindow}), and whether a new version was
 * published. The trainer's metrics stream. A Flink POJO.
 */
public class TrainingReport {

    /** Wall-clock time of the check, epoch ms. */
    public long checkedAt;

    /** The version scoring uses after the check (0: none yet). */
    public long version;

    public boolean published;

    /** Whether the check compared a candidate and refused it ({@link #decision} says why). */
    public boolean refused;

    /** Why the check published or not, in a few words. */
    public String decision;

    public long examplesTrained;
    public int windowExamples;
    public int windowPositives;

    /** Mean event time from snapshot to label over the window, minutes. */
    public double labelDelayMinutes;

    /** The candidate's; NaN without examples to compare on. */
    public double candidateLogLoss;

    public double candidatePrAuc;
    public double candidatePrecision;
    public double candidateRecall;

    /** NaN without examples to compare on (and while there is no current model). */
    public double currentLogLoss;

    public double currentPrAuc;

    public TrainingReport() {}

    @Override
    public String toString() {
        return String.format(
                Locale.ROOT,
                "%s: version %d after %d examples; window %d (%d positive), label delay %.0f min;"
                        + " candidate PR-AUC %.3f log loss %.4f precision %.3f recall %.3f;"
                        + " current PR-AUC %.3f log loss %.4f",
                decision,
                version,
                examplesTrained,
                windowExamples,
                windowPositives,
                labelDelayMinutes,
                candidatePrAuc,
                candidateLogLoss,
                candidatePrecision,
                candidateRecall,
                currentPrAuc,
                currentLogLoss);
    }
}
