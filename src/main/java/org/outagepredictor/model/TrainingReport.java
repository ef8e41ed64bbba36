package org.outagepredictor.model;

import java.util.Locale;

/**
 * What one publication check found: the learner's prequential metrics over the window, the
 * learner's and the current model's over the examples both scored since the current model was
 * published (what the check compares), and whether a new version was published. The trainer's
 * metrics stream. A Flink POJO.
 */
public class TrainingReport {

    /** Wall-clock time of the check, epoch ms. */
    public long checkedAt;

    /** The version scoring uses after the check (0: none yet). */
    public long version;

    public boolean published;

    /** Why the check published or not, in a few words. */
    public String decision;

    public long examplesTrained;
    public int windowExamples;
    public int windowPositives;

    /** Mean event time from snapshot to label over the window, minutes. */
    public double labelDelayMinutes;

    public double candidateLogLoss;
    public double candidatePrAuc;
    public double candidatePrecision;
    public double candidateRecall;

    /** Examples scored by both the learner and the current model: those since its publication. */
    public int comparedExamples;

    /** Over the compared examples; NaN without any. */
    public double comparedCandidateLogLoss;

    public double comparedCandidatePrAuc;

    /** Over the compared examples; NaN without any (and while there is no current model). */
    public double currentLogLoss;

    public double currentPrAuc;

    public TrainingReport() {}

    @Override
    public String toString() {
        return String.format(
                Locale.ROOT,
                "%s: version %d after %d examples; window %d (%d positive), label delay %.0f min;"
                        + " learner PR-AUC %.3f log loss %.4f precision %.3f recall %.3f;"
                        + " on the %d examples since the current model: learner PR-AUC %.3f log"
                        + " loss %.4f, current PR-AUC %.3f log loss %.4f",
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
                comparedExamples,
                comparedCandidatePrAuc,
                comparedCandidateLogLoss,
                currentPrAuc,
                currentLogLoss);
    }
}
